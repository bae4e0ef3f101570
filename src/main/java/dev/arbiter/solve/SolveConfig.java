package dev.arbiter.solve;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The solve loop's settings ({@code arbiter.solve.*}); the confidence threshold is the router's. */
@ConfigMapping(prefix = "arbiter.solve")
public interface SolveConfig {
    /** Model calls per solve when the request does not say (a first answer, its repair, one escalation). */
    @WithDefault("3")
    int maxAttempts();

    /** The most a request may ask for. */
    @WithDefault("10")
    int maxAttemptsLimit();

    /**
     * A call whose output the budget left cannot pay for up to this many tokens is not made: a shorter answer would
     * be cut off, fail, and cost money for nothing. (The models file's cap applies when it is lower.)
     */
    @WithDefault("256")
    int minOutputTokens();

    /** How long one verification of a solve may wait for a sandbox (the key's and the engine's places). */
    @WithDefault("120s")
    Duration verificationWait();
}
