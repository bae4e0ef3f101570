package dev.arbiter.router;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Dimension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What is known before deployment: either a prior map (dimension -> best model, JSON, as dimension_best.json) or
 * per-dimension and per-group statistics from a prior results matrix in CodeRouterBench long format (a score column,
 * or resolved plus cost_usd). Groups are read from task ids as {@link TaskFeatures} reads them.
 */
public record Prior(String source, Map<Dimension, String> bestByDimension, Map<String, Stat> stats) {

    /** Mean score and cost of a model over n prior tasks. */
    public record Stat(int n, double meanScore, double meanCost) {
        Stat plus(double score, double cost) {
            return new Stat(n + 1, meanScore + (score - meanScore) / (n + 1), meanCost + (cost - meanCost) / (n + 1));
        }
    }

    public static Prior none() {
        return new Prior("none", Map.of(), Map.of());
    }

    public Optional<Stat> dimension(Dimension d, String model) {
        return Optional.ofNullable(stats.get(d.wireName() + "|" + model));
    }

    public Optional<Stat> group(Dimension d, String group, String model) {
        return Optional.ofNullable(stats.get(d.wireName() + "|" + group + "|" + model));
    }

    public boolean isEmpty() {
        return bestByDimension.isEmpty() && stats.isEmpty();
    }

    public static Prior load(Path file) {
        try {
            return file.toString().endsWith(".json") ? map(file) : matrix(file);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + ": cannot read the prior: " + e.getMessage(), e);
        }
    }

    private static Prior map(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        Map<Dimension, String> best = new EnumMap<>(Dimension.class);
        root.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("_")) {
                best.put(Dimension.fromWire(e.getKey()), e.getValue().asText());
            }
        });
        return new Prior("map " + file.getFileName(), Map.copyOf(best), Map.of());
    }

    private static Prior matrix(Path file) throws IOException {
        Map<String, Stat> stats = new HashMap<>();
        for (OutcomeMatrix.Row row : OutcomeMatrix.read(file).rows()) {
            TaskFeatures f = TaskFeatures.of(new RouteTask(row.taskId(), row.dimension(), null, null, null, null));
            stats.merge(row.dimension().wireName() + "|" + row.model(), new Stat(1, row.score(), row.cost()),
                    (a, b) -> a.plus(row.score(), row.cost()));
            stats.merge(row.dimension().wireName() + "|" + f.group() + "|" + row.model(), new Stat(1, row.score(), row.cost()),
                    (a, b) -> a.plus(row.score(), row.cost()));
        }
        return new Prior("matrix " + file.getFileName(), Map.of(), Map.copyOf(stats));
    }
}
