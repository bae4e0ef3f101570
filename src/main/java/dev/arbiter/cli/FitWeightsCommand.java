package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.scoring.ScoringRules;
import dev.arbiter.verifier.scoring.fit.WeightFitter;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fits per-dimension signal weights and calibration curves on the labelled verdicts that `eval-verifier --cases`
 * wrote, reports Brier and ECE before and after (cross-validated), and prints the YAML to put in scoring.yaml.
 */
@Command(mixinStandardHelpOptions = true, name = "fit-weights", description = "Fit per-dimension weights and calibration on labelled verdicts.")
public class FitWeightsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--cases", required = true, description = "labelled verdicts (JSON lines from eval-verifier --cases)")
    Path cases;

    @Option(names = "--rules", defaultValue = "verifier-rules/scoring.yaml", description = "current rules (default: ${DEFAULT-VALUE})")
    Path rulesFile;

    @Option(names = "--folds", defaultValue = "5", description = "cross-validation folds (default: ${DEFAULT-VALUE})")
    int folds;

    @Option(names = "--min-cases", defaultValue = "40", description = "fewest cases to fit a dimension (default: ${DEFAULT-VALUE})")
    int minCases;

    @Option(names = "--out", description = "also write the report and YAML to this file")
    Path out;

    @Override
    public Integer call() throws Exception {
        ScoringRules rules = ScoringRules.load(rulesFile);
        Map<Dimension, List<WeightFitter.Case>> byDimension = new EnumMap<>(Dimension.class);
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(cases)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = JSON.readTree(line);
                if ("indeterminate".equals(row.path("status").asText())) {
                    skipped++;
                    continue;
                }
                Map<String, Double> signals = new LinkedHashMap<>();
                row.path("signals").fields().forEachRemaining(e -> signals.put(e.getKey(), e.getValue().asDouble()));
                List<String> gates = new ArrayList<>();
                row.path("gates").forEach(g -> gates.add(g.asText()));
                byDimension.computeIfAbsent(Dimension.fromWire(row.path("dimension").asText()), d -> new ArrayList<>())
                        .add(new WeightFitter.Case(signals, gates, row.path("shouldPass").asBoolean(),
                                row.path("confidence").asDouble()));
            }
        }
        StringBuilder report = new StringBuilder("| dimension | cases | weights | Brier now | ECE now | Brier fitted (CV) | ECE fitted (CV) |\n"
                + "|---|---|---|---|---|---|---|\n");
        StringBuilder yaml = new StringBuilder("dimensions:\n");
        StringBuilder curves = new StringBuilder("calibration:\n");
        for (var entry : byDimension.entrySet()) {
            List<WeightFitter.Case> labelled = entry.getValue();
            boolean bothLabels = labelled.stream().anyMatch(WeightFitter.Case::correct)
                    && labelled.stream().anyMatch(c -> !c.correct());
            if (labelled.size() < minCases || !bothLabels) {
                report.append(String.format(Locale.ROOT, "| %s | %d | not fitted: needs %d cases with both outcomes | | | | |%n",
                        entry.getKey().wireName(), labelled.size(), minCases));
                continue;
            }
            WeightFitter.Fit fit = WeightFitter.fit(entry.getKey(), labelled, rules, folds, 42);
            String weights = fit.weights().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining(", "));
            report.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %.4f | %.4f |%n", entry.getKey().wireName(),
                    fit.cases(), weights, fit.brierNow(), fit.eceNow(), fit.brierFitted(), fit.eceFitted()));
            yaml.append("  ").append(entry.getKey().wireName()).append(": {").append(weights).append("}\n");
            curves.append("  ").append(entry.getKey().wireName()).append(": [")
                    .append(fit.curve().stream().map(p -> String.format(Locale.ROOT, "[%s, %s]", p[0], p[1]))
                            .collect(Collectors.joining(", "))).append("]\n");
        }
        String text = report + (skipped > 0 ? "\n" + skipped + " indeterminate verdicts left out.\n" : "")
                + "\nSuggested rules (merge into " + rulesFile + "):\n\n" + yaml + "\n" + curves;
        System.out.println(text);
        if (out != null) {
            Files.writeString(out, text);
        }
        return 0;
    }
}
