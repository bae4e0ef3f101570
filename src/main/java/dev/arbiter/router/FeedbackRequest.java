package dev.arbiter.router;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The verified outcome of a decision: the model actually used, its score in [0, 1] (or a verdict's status and
 * confidence), what the call cost (USD; the decision's expected cost when absent) and the verdict's id.
 */
public record FeedbackRequest(
        @NotBlank @Size(max = 64) String decisionId,
        @NotBlank @Size(max = 100) String model,
        @DecimalMin("0") @DecimalMax("1") Double score,
        VerdictSummary verdict,
        @PositiveOrZero Double cost,
        @Size(max = 200) String verdictId) {

    /** The part of a verdict feedback needs. */
    public record VerdictSummary(@NotBlank String status, @DecimalMin("0") @DecimalMax("1") Double confidence) {
    }
}
