package dev.arbiter.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Retry-After as seconds or as an HTTP date, and the backoff that honours it or else grows with jitter. */
class RetryAfterTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAndHttpDatesAreRead() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", NOW));
        assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Tue, 01 Dec 2026 12:01:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Tue, 01 Dec 2026 11:00:00 GMT", NOW));
    }

    @Test
    void anAbsentOrUnreadableHeaderLeavesTheWaitToTheBackoff() {
        assertNull(RetryAfter.parse(null, NOW));
        assertNull(RetryAfter.parse(" ", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
    }

    @Test
    void theBackoffDoublesWithJitterUnlessTheProviderSaidHowLong() {
        ProviderSettings s = new ProviderSettings(5, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(30), 20, 0.5, Duration.ofSeconds(5));
        RetryAfterBackoff backoff = new RetryAfterBackoff(s);
        Throwable plain = new ProviderUnavailableException("P", "m", ProviderFailure.SERVER_ERROR, "HTTP 503");
        long[][] bounds = {{100, 150}, {200, 300}, {400, 600}, {400, 600}};
        for (long[] b : bounds) {
            long d = backoff.nextDelayInMillis(plain);
            assertTrue(d >= b[0] && d <= b[1], d + " not in [" + b[0] + ", " + b[1] + "]");
        }
        Throwable told = new ProviderUnavailableException("P", "m", ProviderFailure.RATE_LIMITED, "HTTP 429", Duration.ofSeconds(2));
        assertEquals(2000, backoff.nextDelayInMillis(told));
    }
}
