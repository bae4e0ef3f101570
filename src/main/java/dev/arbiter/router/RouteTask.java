package dev.arbiter.router;

import dev.arbiter.verifier.Dimension;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * What the router knows of a task before any model has seen it: its id (whose tokens, such as the source benchmark,
 * are features), dimension, language, optionally the prompt, an estimate of its input tokens and free-form metadata.
 */
public record RouteTask(
        @NotBlank @Size(max = 200) @Pattern(regexp = "[\\p{Graph} ]*", message = "must be printable text") String id,
        @NotNull Dimension dimension,
        @Size(max = 40) String language,
        @Size(max = 200_000) String prompt,
        @PositiveOrZero Integer inputTokens,
        @Size(max = 20) Map<@NotBlank @Size(max = 50) String, @NotNull @Size(max = 200) String> metadata) {
}
