package dev.arbiter.router;

/** Feedback named a decision that was never made (or is no longer kept). */
public class DecisionNotFoundException extends RuntimeException {
    public DecisionNotFoundException(String id) {
        super("no decision " + id);
    }
}
