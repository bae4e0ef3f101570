package dev.arbiter.router.voter;

import dev.arbiter.router.TaskFeatures;

/**
 * One source of routing advice. A voter predicts, for each candidate model it has an opinion on, the score the model
 * would get on the task; it abstains on models it knows nothing about. It learns from verified outcomes.
 */
public interface Voter {
    String name();

    Ballot vote(RoutingContext context);

    /** A verified outcome: the model's score on the task (in [0, 1]) and what the call cost. */
    void learn(TaskFeatures features, float[] embedding, String model, double score, double cost);
}
