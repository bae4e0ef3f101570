package dev.arbiter.solve;

/**
 * A solve through the chat endpoint ended with no verified answer to give (no provider answered, no sandbox could
 * verify, the task cannot be verified): 503 with the solve's stop reason; its attempts say what failed.
 */
public class NoVerifiedAnswerException extends RuntimeException {
    private final SolveResult result;

    public NoVerifiedAnswerException(SolveResult result) {
        super("no verified answer: " + result.stopReason().wire() + " after " + result.attempts().size() + " attempt(s): "
                + String.join(", ", result.attempts().stream().map(a -> a.model() + " "
                        + (a.failure() != null ? a.failure().reason() : a.outcome())).toList()));
        this.result = result;
    }

    public SolveResult result() {
        return result;
    }
}
