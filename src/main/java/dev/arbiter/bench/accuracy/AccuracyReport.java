package dev.arbiter.bench.accuracy;

import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Verifier accuracy per dataset and language: agreement with the known verdict, false passes (a solution that
 * should fail passed), false fails (one that should pass failed), indeterminate verdicts, every disagreement, and how
 * well the confidence is calibrated as the probability that the answer is correct (Brier score, ECE over 10 bins).
 */
public final class AccuracyReport {
    private final Map<String, Row> rows = new TreeMap<>();
    private final List<String> disagreements = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();

    /** Counts of one dataset and language. */
    public static final class Row {
        int shouldPass;
        int shouldFail;
        int passedOk;
        int failedOk;
        int falsePass;
        int falseFail;
        int indeterminate;
        double squaredError;
        final double[] binConfidence = new double[BINS];
        final double[] binCorrect = new double[BINS];
        final int[] binCount = new int[BINS];

        public int cases() {
            return shouldPass + shouldFail;
        }

        public double agreement() {
            return cases() == 0 ? 0 : (passedOk + failedOk) / (double) cases();
        }

        public double canonicalPassRate() {
            return shouldPass == 0 ? 0 : passedOk / (double) shouldPass;
        }

        public double buggyFailRate() {
            return shouldFail == 0 ? 0 : failedOk / (double) shouldFail;
        }

        /** Brier score of the confidence as a probability that the answer is correct (lower is better). */
        public double brier() {
            return cases() == 0 ? 0 : squaredError / cases();
        }

        /** Expected calibration error over ten equal-width confidence bins (lower is better). */
        public double ece() {
            double sum = 0;
            for (int b = 0; b < BINS; b++) {
                if (binCount[b] > 0) {
                    sum += Math.abs(binConfidence[b] - binCorrect[b]);
                }
            }
            return cases() == 0 ? 0 : sum / cases();
        }

        void calibrate(double confidence, boolean correct) {
            double y = correct ? 1 : 0;
            squaredError += (confidence - y) * (confidence - y);
            int b = Math.min(BINS - 1, (int) (confidence * BINS));
            binConfidence[b] += confidence;
            binCorrect[b] += y;
            binCount[b]++;
        }
    }

    private static final int BINS = 10;

    public synchronized void add(LabelledCase c, Verdict v) {
        Row row = rows.computeIfAbsent(c.dataset() + " | " + c.language(), k -> new Row());
        if (c.shouldPass()) {
            row.shouldPass++;
        } else {
            row.shouldFail++;
        }
        if (v.status() == Status.INDETERMINATE) {
            row.indeterminate++;
        } else if (c.shouldPass() && v.status() == Status.PASSED) {
            row.passedOk++;
        } else if (!c.shouldPass() && v.status() == Status.FAILED) {
            row.failedOk++;
        } else if (c.shouldPass()) {
            row.falseFail++;
        } else {
            row.falsePass++;
        }
        row.calibrate(v.confidence(), c.shouldPass());
        boolean agrees = (c.shouldPass() && v.status() == Status.PASSED) || (!c.shouldPass() && v.status() == Status.FAILED);
        if (!agrees) {
            String detail = v.detail() == null ? "" : v.detail().replace('\n', ' ').replace("|", "\\|");
            disagreements.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |", c.dataset(), c.language(),
                    c.taskId(), c.variant(), v.status().wireName(), v.reason(),
                    detail.length() > 160 ? detail.substring(0, 160) + "..." : detail));
        }
    }

    private static String ratio(int ok, int of) {
        return of == 0 ? "-" : String.format(Locale.ROOT, "%d/%d (%.1f%%)", ok, of, 100.0 * ok / of);
    }

    public synchronized void unsupported(String dataset, String language, String why) {
        unsupported.add(dataset + " | " + language + ": " + why);
    }

    public synchronized Map<String, Row> rows() {
        return Map.copyOf(rows);
    }

    public synchronized String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("| dataset | language | cases | agreement | canonical pass | buggy fail | false pass | false fail | indeterminate | Brier | ECE |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach((key, r) -> b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %s | %s | %d | %d | %d | %.3f | %.3f |%n",
                key, r.cases(), 100 * r.agreement(), ratio(r.passedOk, r.shouldPass), ratio(r.failedOk, r.shouldFail),
                r.falsePass, r.falseFail, r.indeterminate, r.brier(), r.ece())));
        if (!unsupported.isEmpty()) {
            b.append("\nNot run:\n");
            unsupported.forEach(u -> b.append("- ").append(u).append('\n'));
        }
        b.append("\nDisagreements (").append(disagreements.size()).append("):\n\n");
        if (!disagreements.isEmpty()) {
            b.append("| dataset | language | task | variant | status | reason | detail |\n|---|---|---|---|---|---|---|\n");
            disagreements.stream().sorted().forEach(d -> b.append(d).append('\n'));
        }
        return b.toString();
    }
}
