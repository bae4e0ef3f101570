package dev.arbiter.router.voter;

import dev.arbiter.router.TaskFeatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A linear contextual bandit: per model, a ridge regression of the score on the task features. Subclasses say how
 * the uncertainty x^T A^-1 x turns into the ballot (an optimistic bound, a posterior draw).
 */
abstract class LinearVoter implements Voter {
    private final Map<String, LinearModel> models = new ConcurrentHashMap<>();

    /** The ballot for one model: its predicted mean, the standard deviation sqrt(x^T A^-1 x), the decision's context. */
    abstract double score(double mean, double sd, RoutingContext context);

    abstract Map<String, Object> settings();

    @Override
    public Ballot vote(RoutingContext context) {
        double[] x = context.features().vector();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String m : context.names()) {
            LinearModel lm = model(m);
            scores.put(m, score(lm.mean(x), Math.sqrt(lm.variance(x)), context));
        }
        return new Ballot(name(), scores, settings());
    }

    @Override
    public void learn(TaskFeatures features, float[] embedding, String model, double score, double cost) {
        model(model).update(features.vector(), score);
    }

    private LinearModel model(String name) {
        return models.computeIfAbsent(name, k -> new LinearModel(TaskFeatures.WIDTH));
    }
}
