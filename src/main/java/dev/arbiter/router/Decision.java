package dev.arbiter.router;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.verifier.Dimension;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A routing decision: the chosen model, every candidate ranked by expected reward (score - lambda x cost), and the
 * evidence — prior statistics, memory neighbours, and each voter's choice, weight and predicted scores.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Decision(String decisionId, String taskId, Dimension dimension, String model, double lambda,
        List<Ranked> ranking, Evidence evidence, Instant at) {

    /** One candidate's expected score, cost and reward. */
    public record Ranked(String model, double expectedScore, double expectedCost, double expectedReward) {
    }

    /** Why: the task's features, the prior used, the neighbours and the voters. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(String features, Object prior, List<?> neighbours, List<VoterView> voters) {
    }

    /** One voter's part: its weight, the model it would choose alone, and its predicted score per model. */
    public record VoterView(String voter, double weight, String choice, Map<String, Double> scores) {
    }

    public Ranked ranked(String name) {
        return ranking.stream().filter(r -> r.model().equals(name)).findFirst().orElse(null);
    }
}
