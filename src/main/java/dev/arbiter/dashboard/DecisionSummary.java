package dev.arbiter.dashboard;

import java.time.Instant;

/** A line of the decisions list: the decision, its task and dimension, the model chosen, when. */
public record DecisionSummary(String decisionId, String taskId, String dimension, String model, Instant at) {
}
