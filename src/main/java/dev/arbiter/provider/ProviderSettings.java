package dev.arbiter.provider;

import java.time.Duration;

/** The values of {@link ProviderConfig}, as a record that tests can build. */
public record ProviderSettings(int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                               int breakerWindow, double breakerFailureRatio, Duration breakerDelay) {
    public ProviderSettings {
        if (maxRetries < 0 || breakerWindow < 1 || !(breakerFailureRatio > 0 && breakerFailureRatio <= 1)) {
            throw new IllegalArgumentException("arbiter.provider: max-retries >= 0, breaker-window >= 1, breaker-failure-ratio in (0, 1]");
        }
    }
}
