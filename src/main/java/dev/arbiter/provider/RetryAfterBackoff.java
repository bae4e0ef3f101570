package dev.arbiter.provider;

import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, except when the provider said how long to wait (Retry-After): then that long.
 * One instance per guarded call, as SmallRye asks of a custom backoff.
 */
final class RetryAfterBackoff implements CustomBackoffStrategy {
    private final long initialMillis;
    private final long maxMillis;
    private long next;

    RetryAfterBackoff(ProviderSettings settings) {
        this.initialMillis = Math.max(1, settings.initialBackoff().toMillis());
        this.maxMillis = Math.max(initialMillis, settings.maxBackoff().toMillis());
        this.next = initialMillis;
    }

    @Override
    public long nextDelayInMillis(Throwable cause) {
        if (cause instanceof ProviderUnavailableException p && p.retryAfter().isPresent()) {
            return p.retryAfter().get().toMillis();
        }
        long base = next;
        next = Math.min(maxMillis, next * 2);
        return base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }
}
