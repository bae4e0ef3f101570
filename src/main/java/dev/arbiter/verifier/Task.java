package dev.arbiter.verifier;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A coding task: what was asked, in which language, and optionally the tests and entry point that check an answer.
 * For HumanEval-style tasks the prompt is the function signature and docstring and the tests define check(candidate).
 */
public record Task(
        @NotBlank @Size(max = 200) @Pattern(regexp = "[\\p{Graph} ]*", message = "must be printable text") String id,
        @NotNull Dimension dimension,
        @NotBlank @Size(max = 40) String language,
        @NotNull @Size(max = 200_000) String prompt,
        @Size(max = 400_000) String tests,
        @Size(max = 200) @Pattern(regexp = "[A-Za-z_$][A-Za-z0-9_$]*", message = "must be an identifier") String entryPoint) {

    public boolean hasTests() {
        return tests != null && !tests.isBlank();
    }
}
