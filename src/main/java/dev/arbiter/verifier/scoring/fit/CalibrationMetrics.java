package dev.arbiter.verifier.scoring.fit;

/** How well confidences work as probabilities of being correct: Brier score and expected calibration error. */
public final class CalibrationMetrics {
    public static final int BINS = 10;

    private CalibrationMetrics() {
    }

    /** Mean squared difference between confidence and outcome (0 perfect, 0.25 a constant one half). */
    public static double brier(double[] p, double[] y) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += (p[i] - y[i]) * (p[i] - y[i]);
        }
        return p.length == 0 ? 0 : sum / p.length;
    }

    /** Over ten equal-width bins: the case-weighted gap between mean confidence and observed rate. */
    public static double ece(double[] p, double[] y) {
        double[] conf = new double[BINS];
        double[] hits = new double[BINS];
        for (int i = 0; i < p.length; i++) {
            int b = Math.min(BINS - 1, (int) (p[i] * BINS));
            conf[b] += p[i];
            hits[b] += y[i];
        }
        double sum = 0;
        for (int b = 0; b < BINS; b++) {
            sum += Math.abs(conf[b] - hits[b]);
        }
        return p.length == 0 ? 0 : sum / p.length;
    }
}
