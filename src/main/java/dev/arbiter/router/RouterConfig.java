package dev.arbiter.router;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** The orchestrator's settings. */
@ConfigMapping(prefix = "arbiter.router")
public interface RouterConfig {
    /** A models file replacing the shipped eight-model pool. */
    Optional<String> modelsFile();

    /** A prior: a prior map (JSON dimension -> model) or a prior results matrix (CodeRouterBench long CSV). */
    Optional<String> prior();

    /** Reward = score - lambda x cost (USD). */
    @WithDefault("0.1")
    double lambda();

    /** Verify-and-route escalates while the confidence is below this. */
    @WithDefault("0.7")
    double confidenceThreshold();

    /** Attempts per task in verify-and-route, the first included. */
    @WithDefault("2")
    int maxAttempts();

    /** After a verified failure the next model is ranked by expected score - this x expected cost (USD). */
    @WithDefault("20")
    double escalationLambda();

    /**
     * Build the orchestrator (and open the routing store) at start-up, so that a bad prior or store stops the service
     * before it takes requests. The CLI's verification commands turn it off: they route nothing.
     */
    @WithDefault("true")
    boolean eager();

    /** Output tokens assumed for a model with no observed cost yet. */
    @WithDefault("600")
    int assumedOutputTokens();
}
