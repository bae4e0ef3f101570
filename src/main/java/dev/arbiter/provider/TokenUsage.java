package dev.arbiter.provider;

/** The token counts a provider reported for one call. */
public record TokenUsage(long inputTokens, long outputTokens) {
}
