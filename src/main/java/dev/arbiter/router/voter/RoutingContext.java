package dev.arbiter.router.voter;

import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.RouteTask;
import dev.arbiter.router.TaskFeatures;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Everything a voter may look at for one decision: the task, its features and embedding (null when embeddings are
 * off), the candidate models, their expected costs, lambda, and the decision's random source (seeded, so a replay
 * with a seed is reproducible).
 */
public record RoutingContext(RouteTask task, TaskFeatures features, float[] embedding, List<ModelSpec> candidates,
        Map<String, Double> expectedCost, double lambda, Random random) {

    public List<String> names() {
        return candidates.stream().map(ModelSpec::name).toList();
    }
}
