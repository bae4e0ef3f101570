package dev.arbiter.sandbox;

/**
 * On whose behalf a job runs: the isolation its jobs get (null: the sandbox's configured mode,
 * arbiter.sandbox.isolation) and the cancellation that stops them. Each caller brings its own, so a batch in shared
 * mode never changes what the service's requests get.
 */
public record SandboxClient(Isolation isolation, Cancellation cancellation) {
    /** The service's own requests when no client can go away: the configured isolation, never cancelled. */
    public static final SandboxClient DEFAULT = new SandboxClient(null, Cancellation.never());

    public SandboxClient {
        cancellation = cancellation == null ? Cancellation.never() : cancellation;
    }

    public static SandboxClient of(Isolation isolation) {
        return new SandboxClient(isolation, Cancellation.never());
    }

    public static SandboxClient cancellable(Cancellation cancellation) {
        return new SandboxClient(null, cancellation);
    }
}
