package dev.arbiter.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * Per-key quotas and the sandboxes' bounded wait queue (arbiter.quota.*). A key's own line may override the
 * defaults: {@code arbiter.quota.keys."<key name>".concurrent-verifications=8}.
 */
@ConfigMapping(prefix = "arbiter.quota")
public interface QuotaConfig {
    /**
     * Verifications one key may have running or waiting at once. Default: half of the default eight sandbox slots
     * (arbiter.sandbox.max-concurrent), so that one client alone can never take the whole engine.
     */
    @WithDefault("4")
    int concurrentVerifications();

    /**
     * Requests per second one key may make, on average (a token bucket). Default: twice what the sandboxes of a
     * 2-core machine verify per second (docs/benchmarks.md), so a single client's verify calls are never rate-limited
     * before they are capacity-limited.
     */
    @WithDefault("20")
    double requestsPerSecond();

    /** Requests a key may make at once above its average rate (the bucket's size). Default: two seconds' worth. */
    @WithDefault("40")
    int burst();

    /**
     * Verifications that may wait for a sandbox slot when every slot is busy, across keys; past them a request is
     * answered 429 at once instead of queueing without bound. Default: as many as there are slots, so that a queued
     * request waits about one verification.
     */
    @WithDefault("8")
    int queue();

    /** Overrides by key name. */
    Map<String, KeyLimits> keys();

    /** A key's own limits; an absent value takes the default above. */
    interface KeyLimits {
        Optional<Integer> concurrentVerifications();

        Optional<Double> requestsPerSecond();

        Optional<Integer> burst();
    }
}
