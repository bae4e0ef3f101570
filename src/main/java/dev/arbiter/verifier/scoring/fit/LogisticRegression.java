package dev.arbiter.verifier.scoring.fit;

/**
 * L2-regularised logistic regression by Newton's method (iteratively reweighted least squares). Small problems only:
 * a handful of signals, thousands of cases. {@code fit} returns the intercept first, then one coefficient per column.
 */
public final class LogisticRegression {
    private static final int MAX_ITERATIONS = 50;

    private LogisticRegression() {
    }

    public static double[] fit(double[][] x, double[] y, double l2) {
        int k = x.length == 0 ? 1 : x[0].length + 1;
        double[] beta = new double[k];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] gradient = new double[k];
            double[][] hessian = new double[k][k];
            for (int i = 0; i < x.length; i++) {
                double[] row = withIntercept(x[i]);
                double p = sigmoid(dot(beta, row));
                double w = Math.max(p * (1 - p), 1e-9);
                for (int a = 0; a < k; a++) {
                    gradient[a] += (y[i] - p) * row[a];
                    for (int b = 0; b < k; b++) {
                        hessian[a][b] += w * row[a] * row[b];
                    }
                }
            }
            for (int a = 1; a < k; a++) {
                gradient[a] -= l2 * beta[a];
                hessian[a][a] += l2;
            }
            hessian[0][0] += 1e-9;
            double[] step = solve(hessian, gradient);
            double change = 0;
            for (int a = 0; a < k; a++) {
                beta[a] += step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-8) {
                break;
            }
        }
        return beta;
    }

    public static double predict(double[] beta, double[] row) {
        return sigmoid(dot(beta, withIntercept(row)));
    }

    private static double[] withIntercept(double[] row) {
        double[] r = new double[row.length + 1];
        r[0] = 1;
        System.arraycopy(row, 0, r, 1, row.length);
        return r;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-Math.max(-40, Math.min(40, z))));
    }

    /** Gaussian elimination with partial pivoting; a singular direction gets no step. */
    static double[] solve(double[][] m, double[] v) {
        int n = v.length;
        double[][] a = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n] = v[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            if (Math.abs(a[col][col]) < 1e-12) {
                continue;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.abs(a[i][i]) < 1e-12 ? 0 : a[i][n] / a[i][i];
        }
        return x;
    }
}
