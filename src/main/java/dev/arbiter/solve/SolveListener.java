package dev.arbiter.solve;

import dev.arbiter.router.Decision;

/** What a solve reports while it runs (the REST API streams it as server-sent events). */
public interface SolveListener {
    SolveListener NONE = new SolveListener() {
    };

    /** The router's decision, before any call. */
    default void decided(Decision decision) {
    }

    /** A call is about to be made. */
    default void calling(int n, String model, boolean repair, int maxOutputTokens) {
    }

    /** A call ended (answered and verified, or failed at the provider). */
    default void attempted(SolveResult.AttemptView attempt) {
    }
}
