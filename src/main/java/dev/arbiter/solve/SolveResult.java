package dev.arbiter.solve;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.verifier.Verdict;
import java.util.List;

/**
 * A solve's outcome: the best answer and its verdict, every attempt, the money spent and where the time went.
 * {@code status} is solved (a verified pass at or above the confidence threshold), unsolved, or indeterminate (no
 * provider or no sandbox could do its part: nothing was learnt about the models).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SolveResult(String decisionId, Outcome status, Stop stopReason, String model, String answer,
        Verdict verdict, List<AttemptView> attempts, double totalCostUsd, Double maxCost, Timings timings) {

    public enum Outcome {
        SOLVED, UNSOLVED, INDETERMINATE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Why the loop stopped. */
    public enum Stop {
        /** A verified pass at or above the confidence threshold. */
        VERIFIED(false),
        /** maxAttempts model calls were made. */
        MAX_ATTEMPTS(false),
        /** Every model allowed and affordable was tried. */
        NO_MODEL_LEFT(false),
        /** What is left of maxCost pays for no useful call of any model left. */
        BUDGET_SPENT(false),
        /** No sandbox could run the answer (an infrastructure failure). */
        SANDBOX_UNAVAILABLE(true),
        /** No sandbox place came free within arbiter.solve.verification-wait: the last answer is unverified. */
        SANDBOX_BUSY(true),
        /** No provider answered. */
        PROVIDERS_UNAVAILABLE(true),
        /** The task cannot be verified (its own tests do not parse, or it lacks what its dimension is judged by). */
        TASK_NOT_VERIFIABLE(true);

        private final boolean indeterminate;

        Stop(boolean indeterminate) {
            this.indeterminate = indeterminate;
        }

        /** Whether stopping here says nothing about the models: the solve is indeterminate unless it was solved. */
        public boolean indeterminate() {
            return indeterminate;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One call as the response shows it; the messages and the answer's text are left out (the best one is above). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(int n, String model, boolean repair, String outcome, double costUsd, Long inputTokens,
            Long outputTokens, int maxOutputTokens, long latencyMs, String finishReason, Failure failure,
            VerdictSummary verdict, Long verifyMs) {
    }

    public record Failure(String reason, String detail) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerdictSummary(String status, double confidence, String reason, String detail) {
        static VerdictSummary of(Verdict v) {
            return new VerdictSummary(v.status().wireName(), v.confidence(), v.reason().wireName(), v.detail());
        }
    }

    /**
     * Milliseconds: the whole solve, the provider calls (failed ones too, retries and waits included), the
     * verifications, and Arbiter's overhead = total − provider (verification included); of the rest, the routing
     * decision ({@code routeMs}: embedding, vote, stored decision) and the experiences recorded ({@code recordMs}).
     */
    public record Timings(long totalMs, long providerMs, long verifyMs, long overheadMs, long routeMs, long recordMs) {
    }
}
