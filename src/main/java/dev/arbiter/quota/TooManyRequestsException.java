package dev.arbiter.quota;

import java.time.Duration;

/** A quota or the sandboxes' wait queue is full: come back after {@link #retryAfter()} (HTTP 429, gRPC RESOURCE_EXHAUSTED). */
public class TooManyRequestsException extends RuntimeException {
    private final Duration retryAfter;

    public TooManyRequestsException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds, at least one, as the Retry-After header wants them. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
