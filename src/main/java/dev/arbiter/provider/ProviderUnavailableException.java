package dev.arbiter.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * A provider gave no answer. Carries the provider, the model, a typed reason and what the provider asked for
 * (Retry-After); its message never holds a key, a request header or a response body, and it has no cause whose
 * message could.
 */
public class ProviderUnavailableException extends RuntimeException {
    private final String provider;
    private final String model;
    private final ProviderFailure reason;
    private final Duration retryAfter;

    public ProviderUnavailableException(String provider, String model, ProviderFailure reason, String detail, Duration retryAfter) {
        super("provider " + provider + " (model " + model + "): " + reason.id() + ": " + detail);
        this.provider = provider;
        this.model = model;
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public ProviderUnavailableException(String provider, String model, ProviderFailure reason, String detail) {
        this(provider, model, reason, detail, null);
    }

    public String provider() {
        return provider;
    }

    public String model() {
        return model;
    }

    public ProviderFailure reason() {
        return reason;
    }

    /** The wait the provider asked for with Retry-After, if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
