package dev.arbiter.router.voter;

import dev.arbiter.router.TaskFeatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linear Thompson sampling: the same per-model ridge regression as LinUCB, but the ballot is a draw of the score
 * from its posterior, N(mean, v^2 x^T A^-1 x) — the exact marginal of theta^T x, so no d-dimensional sample is needed.
 */
public class LinTsVoter implements Voter {
    private final double v;
    private final Map<String, LinearModel> models = new ConcurrentHashMap<>();

    public LinTsVoter(double v) {
        this.v = v;
    }

    @Override
    public String name() {
        return "lints";
    }

    @Override
    public Ballot vote(RoutingContext context) {
        double[] x = context.features().vector();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String m : context.names()) {
            LinearModel lm = models.computeIfAbsent(m, k -> new LinearModel(TaskFeatures.WIDTH));
            scores.put(m, lm.mean(x) + v * Math.sqrt(lm.variance(x)) * context.random().nextGaussian());
        }
        return new Ballot(name(), scores, Map.of("v", v));
    }

    @Override
    public void learn(TaskFeatures features, float[] embedding, String model, double score, double cost) {
        models.computeIfAbsent(model, k -> new LinearModel(TaskFeatures.WIDTH)).update(features.vector(), score);
    }
}
