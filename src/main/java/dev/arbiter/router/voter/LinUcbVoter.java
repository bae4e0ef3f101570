package dev.arbiter.router.voter;

import java.util.Map;

/**
 * LinUCB: per model, a ridge regression of the score on the task features; the ballot is the upper confidence bound
 * mean + alpha x sqrt(x^T A^-1 x), optimistic where the model has seen little of such tasks.
 */
public class LinUcbVoter extends LinearVoter {
    private final double alpha;

    public LinUcbVoter(double alpha) {
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "linucb";
    }

    @Override
    double score(double mean, double sd, RoutingContext context) {
        return mean + alpha * sd;
    }

    @Override
    Map<String, Object> settings() {
        return Map.of("alpha", alpha);
    }
}
