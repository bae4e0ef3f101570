package dev.arbiter.verifier;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** What a model returned for a task: raw text, usually markdown with code fences. */
public record Response(
        @NotNull @Size(max = 400_000) String text,
        @Size(max = 200) String model,
        @PositiveOrZero Double costUsd) {
}
