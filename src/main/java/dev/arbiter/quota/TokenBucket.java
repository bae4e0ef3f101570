package dev.arbiter.quota;

/**
 * A token bucket: {@code rate} tokens a second up to {@code capacity}; a request takes one. Written here rather than
 * taken from a library because what Arbiter needs is one tiny bucket per API key, and the libraries served here
 * (SmallRye Fault Tolerance's {@code @RateLimit}, Resilience4j) limit a method, not a caller.
 */
final class TokenBucket {
    private final double rate;
    private final double capacity;
    private double tokens;
    private long updated;

    TokenBucket(double rate, int capacity, long now) {
        this.rate = rate;
        this.capacity = Math.max(1, capacity);
        this.tokens = this.capacity;
        this.updated = now;
    }

    /** Takes a token: 0 when there was one, otherwise the nanoseconds until there will be. */
    synchronized long take(long now) {
        tokens = Math.min(capacity, tokens + (now - updated) * rate / 1e9);
        updated = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / rate * 1e9);
    }
}
