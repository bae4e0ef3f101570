package dev.arbiter.dashboard;

import dev.arbiter.memory.Experience;
import java.time.Instant;

/** An experience as the dashboard shows it: the outcome without the task's vector and features. */
public record ExperienceView(long seq, String decisionId, String taskId, String dimension, String language,
        String model, double score, double cost, double reward, String verdictId, Instant at) {

    public static ExperienceView of(Experience e) {
        return new ExperienceView(e.seq(), e.decisionId(), e.taskId(), e.dimension().wireName(), e.language(),
                e.model(), e.score(), e.cost(), e.reward(), e.verdictId(), e.at());
    }
}
