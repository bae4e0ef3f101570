package dev.arbiter.router.voter;

import java.util.Map;

/**
 * Linear Thompson sampling: the same per-model ridge regression as LinUCB, but the ballot is a draw of the score
 * from its posterior, N(mean, v^2 x^T A^-1 x) — the exact marginal of theta^T x, so no d-dimensional sample is needed.
 */
public class LinTsVoter extends LinearVoter {
    private final double v;

    public LinTsVoter(double v) {
        this.v = v;
    }

    @Override
    public String name() {
        return "lints";
    }

    @Override
    double score(double mean, double sd, RoutingContext context) {
        return mean + v * sd * context.random().nextGaussian();
    }

    @Override
    Map<String, Object> settings() {
        return Map.of("v", v);
    }
}
