package dev.arbiter.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The experience memory: capacity (FIFO), neighbours per search, similarity threshold, embeddings, sync with replicas. */
@ConfigMapping(prefix = "arbiter.memory")
public interface MemoryConfig {
    @WithDefault("20000")
    int capacity();

    @WithDefault("10")
    int topK();

    @WithDefault("0.5")
    double threshold();

    /** Embed task text with all-MiniLM-L6-v2 (in process); off: the hashed task features are the vectors. */
    @WithDefault("true")
    boolean embeddings();

    /**
     * How often a replica on a shared store (PostgreSQL) reads the experiences the other replicas recorded
     * ({@code dev.arbiter.router.SharedMemorySync}): what another replica learned counts here at most this much later
     * (plus one query). The scheduler's tick is one second: shorter values run every second.
     */
    @WithDefault("1s")
    java.time.Duration syncInterval();
}
