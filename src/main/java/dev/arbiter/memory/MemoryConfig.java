package dev.arbiter.memory;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The experience memory: capacity (FIFO), neighbours per search, similarity threshold, embeddings on or off. */
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
}
