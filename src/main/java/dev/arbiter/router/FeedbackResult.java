package dev.arbiter.router;

/**
 * What feedback recorded: the experience's sequence number, the score, cost and reward remembered, and whether an
 * earlier feedback for the same decision and model had already recorded it (then nothing changed).
 */
public record FeedbackResult(String decisionId, String model, long experience, double score, double cost,
        double reward, boolean duplicate) {
}
