package dev.arbiter.provider;

import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** The SmallRye Fault Tolerance guards around provider calls: one per provider (retry, breaker), one per model (timeout). */
final class Guards {
    private Guards() {
    }

    /**
     * Retries 429, 5xx and refused connections with jittered exponential backoff or the provider's Retry-After (not
     * one longer than max-retry-after), inside a circuit breaker that every model of the provider shares. A refused
     * request (4xx) is the request's fault, not the provider's, and a client that went away mid-stream nobody's: both
     * leave the breaker alone.
     */
    static TypedGuard<Completion> provider(ProviderSettings s) {
        return TypedGuard.create(Completion.class)
                .withRetry()
                .maxRetries(s.maxRetries())
                .delay(s.initialBackoff().toMillis(), ChronoUnit.MILLIS)
                .jitter(0, ChronoUnit.MILLIS)
                .maxDuration(1, ChronoUnit.HOURS)
                .whenException(e -> retryable(e, s.maxRetryAfter()))
                .withCustomBackoff().strategy(() -> new RetryAfterBackoff(s)).done()
                .done()
                .withCircuitBreaker()
                .requestVolumeThreshold(s.breakerWindow())
                .failureRatio(s.breakerFailureRatio())
                .delay(s.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .when(e -> !(e instanceof java.util.concurrent.CancellationException)
                        && !(e instanceof ProviderUnavailableException p && p.reason() == ProviderFailure.REJECTED))
                .done()
                .build();
    }

    static TypedGuard<Completion> timeout(Duration timeout) {
        return TypedGuard.create(Completion.class)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }

    private static boolean retryable(Throwable e, Duration maxRetryAfter) {
        return e instanceof ProviderUnavailableException p && p.reason().isRetryable()
                && p.retryAfter().map(wait -> wait.compareTo(maxRetryAfter) <= 0).orElse(true);
    }
}
