package dev.arbiter.verifier.scoring;

import dev.arbiter.verifier.Status;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Confidence that the candidate is correct, from the tests it passed. k of n passed tests are evidence with
 * uncertainty: the posterior mean of the pass rate under a Jeffreys Beta(1/2, 1/2) prior, (k + 1/2) / (n + 1), so
 * 7 of 7 gives 0.94 and 1 of 1 only 0.75. No evidence (no tests, or an indeterminate run) gives the prior mean 0.5;
 * a candidate that does not parse or compile gets 0. Per-dimension weights come with verifier-rules/.
 */
@ApplicationScoped
public class ConfidenceScorer {

    public double score(Status status, boolean gated, int passed, int total) {
        if (status == Status.INDETERMINATE) {
            return 0.5;
        }
        if (gated) {
            return 0.0;
        }
        if (total <= 0) {
            return 0.5;
        }
        double mean = (passed + 0.5) / (total + 1.0);
        return Math.round(mean * 10_000) / 10_000.0;
    }
}
