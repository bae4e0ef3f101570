package dev.arbiter.solve;

/** The service has no model it can call (no model of the pool has a provider connection): HTTP 503. */
public class NoCallableModelException extends RuntimeException {
    public NoCallableModelException(String message) {
        super(message);
    }
}
