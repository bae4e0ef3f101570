package dev.arbiter.verifier;

/** A task asked for more resources (task.limits) than this service gives one request. */
public class LimitsRefusedException extends RuntimeException {
    private final String field;

    public LimitsRefusedException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, e.g. {@code task.limits.runSeconds}. */
    public String field() {
        return field;
    }
}
