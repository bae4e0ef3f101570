package dev.arbiter.provider;

import java.time.Duration;

/**
 * What a model answered: its text, the provider's token counts, their cost at the pool's prices and the wall time of
 * the call, retries and their waits included.
 */
public record ChatAnswer(String model, String text, TokenUsage usage, double costUsd, Duration latency) {
}
