package dev.arbiter.provider;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Retries and circuit breakers of the provider calls (the timeout is each model's, in the models file). */
@ConfigMapping(prefix = "arbiter.provider")
public interface ProviderConfig {
    /** Retries after the first call on 429, 5xx and refused connections; 3 is MicroProfile Fault Tolerance's default. */
    @WithDefault("3")
    int maxRetries();

    /** The first backoff, doubled each retry up to max-backoff, with up to half of it added at random (jitter). */
    @WithDefault("PT0.5S")
    Duration initialBackoff();

    /** 8 s: four doublings of the first backoff. */
    @WithDefault("PT8S")
    Duration maxBackoff();

    /** A Retry-After longer than this is not waited for: the call fails as rate-limited and the loop moves on. */
    @WithDefault("PT30S")
    Duration maxRetryAfter();

    /** Calls in the breaker's rolling window; 20 is MicroProfile Fault Tolerance's default. */
    @WithDefault("20")
    int breakerWindow();

    /** The share of failed calls in the window that opens the breaker; 0.5 is MicroProfile's default. */
    @WithDefault("0.5")
    double breakerFailureRatio();

    /** How long an open breaker fails fast before it lets a trial call through; 5 s is MicroProfile's default. */
    @WithDefault("PT5S")
    Duration breakerDelay();

    default ProviderSettings settings() {
        return new ProviderSettings(maxRetries(), initialBackoff(), maxBackoff(), maxRetryAfter(), breakerWindow(),
                breakerFailureRatio(), breakerDelay());
    }
}
