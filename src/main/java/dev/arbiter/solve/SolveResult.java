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
public record SolveResult(String decisionId, Outcome status, String stopReason, String model, String answer,
        Verdict verdict, List<AttemptView> attempts, double totalCostUsd, Double maxCost, Timings timings) {

    public enum Outcome {
        SOLVED, UNSOLVED, INDETERMINATE;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One call as the response shows it; the messages and the answer's text are left out (the best one is above). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttemptView(int n, String model, boolean repair, String outcome, double costUsd, Long inputTokens,
            Long outputTokens, int maxOutputTokens, long latencyMs, Failure failure, VerdictSummary verdict, Long verifyMs) {
    }

    public record Failure(String reason, String detail) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record VerdictSummary(String status, double confidence, String reason, String detail) {
        static VerdictSummary of(Verdict v) {
            return new VerdictSummary(v.status().wireName(), v.confidence(), v.reason().wireName(), v.detail());
        }
    }

    /** Milliseconds: the whole solve, the provider calls, the verifications, and the rest (routing, prompts, records). */
    public record Timings(long totalMs, long providerMs, long verifyMs, long overheadMs) {
    }
}
