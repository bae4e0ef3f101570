package dev.arbiter.provider;

import java.time.Duration;

/**
 * What a model answered: its text, the provider's token counts, their cost at the pool's prices and the wall time of
 * the call, retries and their waits included, and why the model stopped (OpenAI's finish reason, null when unknown).
 */
public record ChatAnswer(String model, String text, TokenUsage usage, double costUsd, Duration latency, String finishReason) {
    public ChatAnswer(String model, String text, TokenUsage usage, double costUsd, Duration latency) {
        this(model, text, usage, costUsd, latency, null);
    }

    /** Whether the model stopped at the output cap it was given: the answer is cut short. */
    public boolean truncated() {
        return "length".equals(finishReason);
    }

    /** OpenAI's finish reason, {@code stop} when the provider did not say. */
    public String finishReasonOrStop() {
        return finishReason == null ? "stop" : finishReason;
    }
}
