package dev.arbiter.verifier.scoring.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing map from score to observed rate that fits the
 * data best in squared error. The result is a curve of (score, rate) points, at most {@code maxPoints} of them, in
 * the form verifier-rules/scoring.yaml's calibration section takes.
 */
public final class IsotonicCalibration {
    private IsotonicCalibration() {
    }

    public static List<double[]> fit(double[] score, double[] y, int maxPoints) {
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        List<double[]> blocks = new ArrayList<>(); // {sum score, sum y, count}
        for (int i : order) {
            blocks.add(new double[] {score[i], y[i], 1});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] prev = blocks.get(blocks.size() - 2);
                boolean sameScore = Math.abs(prev[0] / prev[2] - last[0] / last[2]) < 1e-12;
                if (!sameScore && prev[1] / prev[2] <= last[1] / last[2]) {
                    break;
                }
                prev[0] += last[0];
                prev[1] += last[1];
                prev[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        return merge(blocks, maxPoints, score.length);
    }

    /**
     * At most maxPoints points: neighbouring blocks pooled into groups of about equal case counts. Pooling adjacent
     * blocks of a non-decreasing fit keeps it non-decreasing.
     */
    private static List<double[]> merge(List<double[]> blocks, int maxPoints, int cases) {
        List<double[]> curve = new ArrayList<>();
        double perGroup = Math.max(1.0, (double) cases / maxPoints);
        double[] group = {0, 0, 0};
        for (int i = 0; i < blocks.size(); i++) {
            double[] b = blocks.get(i);
            group[0] += b[0];
            group[1] += b[1];
            group[2] += b[2];
            if (group[2] >= perGroup || i == blocks.size() - 1 || blocks.size() <= maxPoints) {
                double[] point = {round(group[0] / group[2]), round(group[1] / group[2])};
                if (curve.isEmpty() || point[0] > curve.get(curve.size() - 1)[0]) {
                    curve.add(point);
                } else {
                    curve.get(curve.size() - 1)[1] = Math.max(curve.get(curve.size() - 1)[1], point[1]);
                }
                group = new double[] {0, 0, 0};
            }
        }
        return curve;
    }

    /** The curve's value at a score: linear between points, flat beyond the ends. */
    public static double apply(List<double[]> curve, double score) {
        if (score <= curve.get(0)[0]) {
            return curve.get(0)[1];
        }
        for (int i = 1; i < curve.size(); i++) {
            double[] a = curve.get(i - 1);
            double[] b = curve.get(i);
            if (score <= b[0]) {
                return a[1] + (b[1] - a[1]) * (score - a[0]) / (b[0] - a[0]);
            }
        }
        return curve.get(curve.size() - 1)[1];
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
