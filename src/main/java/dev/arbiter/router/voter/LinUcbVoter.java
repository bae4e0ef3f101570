package dev.arbiter.router.voter;

import dev.arbiter.router.TaskFeatures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * LinUCB: per model, a ridge regression of the score on the task features; the ballot is the upper confidence bound
 * mean + alpha x sqrt(x^T A^-1 x), optimistic where the model has seen little of such tasks.
 */
public class LinUcbVoter implements Voter {
    private final double alpha;
    private final Map<String, LinearModel> models = new ConcurrentHashMap<>();

    public LinUcbVoter(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "linucb";
    }

    @Override
    public Ballot vote(RoutingContext context) {
        double[] x = context.features().vector();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String m : context.names()) {
            LinearModel lm = models.computeIfAbsent(m, k -> new LinearModel(TaskFeatures.WIDTH));
            scores.put(m, lm.mean(x) + alpha * Math.sqrt(lm.variance(x)));
        }
        return new Ballot(name(), scores, Map.of("alpha", alpha));
    }

    @Override
    public void learn(TaskFeatures features, float[] embedding, String model, double score, double cost) {
        models.computeIfAbsent(model, k -> new LinearModel(TaskFeatures.WIDTH)).update(features.vector(), score);
    }
}
