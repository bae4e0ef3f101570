package dev.arbiter.sandbox;

/** The sandbox infrastructure (engine, image, pool) could not run a job; says nothing about the candidate. */
public class SandboxUnavailableException extends RuntimeException {
    public SandboxUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public SandboxUnavailableException(String message) {
        super(message);
    }
}
