package dev.arbiter.provider;

/** Why a provider gave no answer. Every one is an infrastructure failure; some are worth another try. */
public enum ProviderFailure {
    /** Connection refused, reset or unknown host. */
    UNREACHABLE(true),
    /** HTTP 5xx. */
    SERVER_ERROR(true),
    /** HTTP 429. */
    RATE_LIMITED(true),
    /** No answer within the model's timeout; not retried, the time is spent. */
    TIMEOUT(false),
    /** The provider's circuit breaker is open after recent failures: failed fast, without a call. */
    CIRCUIT_OPEN(false),
    /** HTTP 2xx whose body is not the protocol's JSON (not JSON, or fields missing). */
    MALFORMED_RESPONSE(false),
    /** Another HTTP 4xx: a bad key, an unknown model, a refused request. */
    REJECTED(false),
    /** The environment variable that should hold the key is not set. */
    NO_KEY(false),
    /** A stream broke after part of the answer had been passed on: not retried, the part cannot be taken back. */
    STREAM_BROKEN(false);

    private final boolean retryable;

    ProviderFailure(boolean retryable) {
        this.retryable = retryable;
    }

    public boolean isRetryable() {
        return retryable;
    }

    /**
     * Whether the provider may have billed the call although no answer came back: it was running when the call timed
     * out, or it answered with something unreadable, or it broke mid-stream. A budget counts such a call's worst case.
     */
    public boolean mayHaveBeenBilled() {
        return this == TIMEOUT || this == MALFORMED_RESPONSE || this == STREAM_BROKEN;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
