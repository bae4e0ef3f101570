package dev.arbiter.sandbox;

/**
 * How candidates are kept apart. {@code STRICT}: a fresh container per candidate, destroyed after it (the service's
 * default). {@code SHARED}: for batch work, one throwaway container per shard of candidates, each candidate its own
 * process under its own uid with its own fresh directory and limits, the container destroyed after the shard.
 * Runtimes without a shard runner, and jobs other than a runtime's own run step, always run strict.
 */
public enum Isolation {
    STRICT,
    SHARED
}
