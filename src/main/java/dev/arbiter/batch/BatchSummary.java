package dev.arbiter.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Counts per model x dimension: verdicts, passes, indeterminate, confidence and cost sums; then lines of notes. */
final class BatchSummary {
    private final Map<String, double[]> cells = new TreeMap<>(); // n, passed, indeterminate, confidence, cost
    private final List<String> notes = new ArrayList<>();

    synchronized void add(String model, String dimension, String status, double confidence, double cost) {
        double[] c = cells.computeIfAbsent(model + " | " + dimension, k -> new double[5]);
        c[0]++;
        c[1] += "passed".equals(status) ? 1 : 0;
        c[2] += "indeterminate".equals(status) ? 1 : 0;
        c[3] += confidence;
        c[4] += cost;
    }

    /** A line printed after the table, as what was skipped or which shard this is. */
    synchronized void note(String line) {
        notes.add(line);
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
        if (!notes.isEmpty()) {
            b.append(System.lineSeparator());
            notes.forEach(n -> b.append(n).append(System.lineSeparator()));
        }
        return b.toString();
    }
}
