package dev.arbiter.router;

/** Feedback whose fields are individually valid but do not fit together; {@code field} names the culprit. */
public class InvalidFeedbackException extends RuntimeException {
    private final String field;

    public InvalidFeedbackException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
