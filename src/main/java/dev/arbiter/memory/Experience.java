package dev.arbiter.memory;

import dev.arbiter.verifier.Dimension;
import java.time.Instant;

/**
 * One remembered outcome: which model did a task, the verified score and the cost, tied to the routing decision and
 * the verdict. {@code features} are the task's encoded features; {@code vector} is what the memory searches by (the
 * embedding, or the hashed features when embeddings are off). {@code voterLosses} ("voter=loss;...") are each
 * voter's squared error on this outcome, from which the voters' weights are rebuilt after a restart.
 */
public record Experience(long seq, String decisionId, String taskId, Dimension dimension, String language,
        String model, double score, double cost, double reward, String verdictId, Instant at, String features,
        float[] vector, String voterLosses) {

    public Experience withSeq(long n) {
        return new Experience(n, decisionId, taskId, dimension, language, model, score, cost, reward, verdictId, at,
                features, vector, voterLosses);
    }
}
