package dev.arbiter.quota;

import dev.arbiter.sandbox.SandboxConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may start what, now. Every call of a key takes a token from the key's bucket; a verification also takes one of
 * the key's concurrent slots and one place in the sandboxes' capacity (the slots plus a bounded wait queue). When any
 * of these is exhausted the answer is {@link TooManyRequestsException} at once, with a Retry-After estimated from
 * how long verifications take now, so no request waits without bound. A batch stream waits for its places instead
 * ({@link #awaitVerification}), at most as long as it is told.
 */
@ApplicationScoped
public class Admission {
    /** Until a verification has finished, the estimate of how long one takes. */
    private static final long FIRST_ESTIMATE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final QuotaConfig config;
    private final int slots;
    private final int queue;
    private final Semaphore capacity;
    private final AtomicInteger admitted = new AtomicInteger();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private volatile double meanNanos = FIRST_ESTIMATE_NANOS;
    private final MeterRegistry metrics;

    public Admission(QuotaConfig config, SandboxConfig sandbox, MeterRegistry metrics) {
        this.config = config;
        this.slots = Math.max(1, sandbox.maxConcurrent());
        this.queue = Math.max(0, config.queue());
        this.capacity = new Semaphore(slots + queue, true);
        this.metrics = metrics;
        Gauge.builder("arbiter.admission.verifications", admitted, AtomicInteger::get)
                .description("Verifications admitted: running or waiting for a sandbox slot").register(metrics);
    }

    private record Client(String name, TokenBucket bucket, Semaphore concurrent, int limit, double rate) {
    }

    private Client client(String name) {
        return clients.computeIfAbsent(name, n -> {
            QuotaConfig.KeyLimits own = config.keys().get(n);
            int limit = own != null ? own.concurrentVerifications().orElse(config.concurrentVerifications()) : config.concurrentVerifications();
            double rate = own != null ? own.requestsPerSecond().orElse(config.requestsPerSecond()) : config.requestsPerSecond();
            int burst = own != null ? own.burst().orElse(config.burst()) : config.burst();
            return new Client(n, new TokenBucket(rate, burst, System.nanoTime()), new Semaphore(Math.max(1, limit)), limit, rate);
        });
    }

    /** One call of the key: a token from its bucket or 429. */
    public void request(String key) {
        Client c = client(key);
        long wait = c.bucket().take(System.nanoTime());
        if (wait > 0) {
            throw rejected("rate", String.format(Locale.ROOT, "key '%s' is over its %s requests per second", key, c.rate()),
                    Duration.ofNanos(wait));
        }
    }

    /** A verification for the key, now or 429: the key's own limit, then the sandboxes' slots and wait queue. */
    public Permit verification(String key) {
        Client c = client(key);
        if (!c.concurrent().tryAcquire()) {
            throw rejected("key_concurrency", "key '" + key + "' already has its " + c.limit() + " verifications running",
                    estimate(1));
        }
        if (!capacity.tryAcquire()) {
            c.concurrent().release();
            throw rejected("saturated", "every sandbox is busy and " + queue + " verifications are already waiting",
                    estimate(admitted.get() - slots + 1));
        }
        return new Permit(c);
    }

    /** A verification for the key, waiting up to {@code max} for its places (batch streams); 429 after that. */
    public Permit awaitVerification(String key, Duration max) {
        Client c = client(key);
        long deadline = System.nanoTime() + max.toNanos();
        boolean own = false;
        try {
            own = c.concurrent().tryAcquire(max.toNanos(), TimeUnit.NANOSECONDS);
            if (!own) {
                throw rejected("key_concurrency", "key '" + key + "' kept its " + c.limit() + " verifications running for "
                        + max.toSeconds() + " s", estimate(1));
            }
            if (!capacity.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw rejected("saturated", "every sandbox stayed busy for " + max.toSeconds() + " s", estimate(admitted.get() - slots + 1));
            }
            own = false; // the permit holds both places now
            return new Permit(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TooManyRequestsException("interrupted while waiting for a sandbox", estimate(1));
        } finally {
            if (own) {
                c.concurrent().release();
            }
        }
    }

    /** How long until {@code ahead} verifications have made room, from the running mean; one second at least. */
    private Duration estimate(int ahead) {
        double rounds = Math.ceil(Math.max(1, ahead) / (double) slots);
        return Duration.ofNanos((long) Math.max(TimeUnit.SECONDS.toNanos(1), rounds * meanNanos));
    }

    private TooManyRequestsException rejected(String why, String message, Duration retryAfter) {
        Counter.builder("arbiter.admission.rejected").description("Requests answered 429, by cause").tag("cause", why)
                .register(metrics).increment();
        return new TooManyRequestsException(message, retryAfter);
    }

    /** A verification's places; closing it (once) gives them back and teaches the estimate how long it took. */
    public final class Permit implements AutoCloseable {
        private final Client client;
        private final long started = System.nanoTime();
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(Client client) {
            this.client = client;
            admitted.incrementAndGet();
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                admitted.decrementAndGet();
                capacity.release();
                client.concurrent().release();
                meanNanos = 0.8 * meanNanos + 0.2 * (System.nanoTime() - started);
            }
        }
    }
}
