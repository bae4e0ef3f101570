package dev.arbiter.batch;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts per model x dimension: verdicts, passes, indeterminate, confidence and cost sums. */
final class BatchSummary {
    private final Map<String, double[]> cells = new TreeMap<>(); // n, passed, indeterminate, confidence, cost
    private int malformed;
    private int skipped;

    synchronized void add(String model, String dimension, String status, double confidence, double cost) {
        double[] c = cells.computeIfAbsent(model + " | " + dimension, k -> new double[5]);
        c[0]++;
        c[1] += "passed".equals(status) ? 1 : 0;
        c[2] += "indeterminate".equals(status) ? 1 : 0;
        c[3] += confidence;
        c[4] += cost;
    }

    synchronized void malformed(int n) {
        malformed += n;
    }

    synchronized void skipped(int n) {
        skipped += n;
    }

    synchronized String markdown() {
        StringBuilder b = new StringBuilder("| model | dimension | verdicts | pass rate | mean confidence | indeterminate | cost $ |\n"
                + "|---|---|---|---|---|---|---|\n");
        double[] all = new double[5];
        cells.forEach((key, c) -> {
            String[] parts = key.split(" \\| ", 2);
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %.3f | %d | %.4f |%n", parts[0], parts[1], (int) c[0],
                    100 * c[1] / c[0], c[3] / c[0], (int) c[2], c[4]));
            for (int i = 0; i < 5; i++) {
                all[i] += c[i];
            }
        });
        if (all[0] > 0) {
            b.append(String.format(Locale.ROOT, "| all | all | %d | %.1f%% | %.3f | %d | %.4f |%n", (int) all[0], 100 * all[1] / all[0],
                    all[3] / all[0], (int) all[2], all[4]));
        }
        b.append(String.format(Locale.ROOT, "%nMalformed lines skipped: %d. Already scored (resumed): %d.%n", malformed, skipped));
        return b.toString();
    }
}
