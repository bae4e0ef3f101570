package dev.arbiter.router.voter;

/**
 * Ridge regression of a model's score on the task features, updated one outcome at a time: the inverse of
 * A = I + sum x x^T is kept directly (Sherman-Morrison), so a prediction and its variance x^T A^-1 x cost O(d^2).
 * Scores are centred on 0.5, so a model that has seen nothing like the task is expected to score 0.5, not 0.
 */
final class LinearModel {
    private final int d;
    private final double[][] inverse;
    private final double[] b;
    private final double[] theta;

    LinearModel(int d) {
        this.d = d;
        this.inverse = new double[d][d];
        for (int i = 0; i < d; i++) {
            inverse[i][i] = 1.0;
        }
        this.b = new double[d];
        this.theta = new double[d];
    }

    static final double PRIOR_MEAN = 0.5;

    synchronized double mean(double[] x) {
        double s = PRIOR_MEAN;
        for (int i = 0; i < d; i++) {
            s += theta[i] * x[i];
        }
        return s;
    }

    /** x^T A^-1 x: how little the model has seen of tasks like this one. */
    synchronized double variance(double[] x) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            if (x[i] == 0) {
                continue;
            }
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += inverse[i][j] * x[j];
            }
            s += x[i] * row;
        }
        return Math.max(0, s);
    }

    synchronized void update(double[] x, double y) {
        double[] ax = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += inverse[i][j] * x[j];
            }
            ax[i] = s;
        }
        double denominator = 1;
        for (int i = 0; i < d; i++) {
            denominator += x[i] * ax[i];
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                inverse[i][j] -= ax[i] * ax[j] / denominator;
            }
            b[i] += (y - PRIOR_MEAN) * x[i];
        }
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += inverse[i][j] * b[j];
            }
            theta[i] = s;
        }
    }
}
