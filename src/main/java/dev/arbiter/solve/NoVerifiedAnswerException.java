package dev.arbiter.solve;

/**
 * A solve through the chat endpoint ended with no answer to give (no provider answered): 503 with the solve's
 * stop reason; its attempts say which providers failed and why.
 */
public class NoVerifiedAnswerException extends RuntimeException {
    private final SolveResult result;

    public NoVerifiedAnswerException(SolveResult result) {
        super("no answer: " + result.stopReason() + " after " + result.attempts().size() + " attempt(s): "
                + String.join(", ", result.attempts().stream().map(a -> a.model() + " "
                        + (a.failure() != null ? a.failure().reason() : a.outcome())).toList()));
        this.result = result;
    }

    public SolveResult result() {
        return result;
    }
}
