package dev.arbiter.solve;

import dev.arbiter.verifier.Task;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Solve a task: the task as {@code /v1/verify} takes it, the most it may cost in USD (every call's worst case counts
 * before it is made), the models it may use (default: every model Arbiter can call) and the most model calls.
 */
public record SolveRequest(
        @NotNull @Valid Task task,
        @PositiveOrZero @Schema(description = "USD; a call is made only if its worst case fits in what is left") Double maxCost,
        @Size(min = 1, max = 50) List<@NotBlank @Size(max = 100) String> allowedModels,
        @Positive @Max(100) @Schema(description = "model calls, repairs included; default arbiter.solve.max-attempts (3)")
        Integer maxAttempts) {
}
