package dev.arbiter.verifier;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A coding task: what was asked, in which language, and optionally the tests and entry point that check an answer.
 * For HumanEval-style tasks the prompt is the function signature and docstring and the tests define check(candidate).
 * {@code original} is the code a bug-fixing or refactoring task starts from; an answer may then be a unified diff.
 */
public record Task(
        @NotBlank @Size(max = 200) @Pattern(regexp = "[\\p{Graph} ]*", message = "must be printable text") String id,
        @NotNull Dimension dimension,
        @NotBlank @Size(max = 40) String language,
        @NotNull @Size(max = 200_000) String prompt,
        @Size(max = 400_000) String tests,
        @Size(max = 200) @Pattern(regexp = "[A-Za-z_$][A-Za-z0-9_$]*", message = "must be an identifier") String entryPoint,
        @Size(max = 200_000) String original) {

    public Task(String id, Dimension dimension, String language, String prompt, String tests, String entryPoint) {
        this(id, dimension, language, prompt, tests, entryPoint, null);
    }

    public Task withTests(String newTests) {
        return new Task(id, dimension, language, prompt, newTests, entryPoint, original);
    }

    public boolean hasOriginal() {
        return original != null && !original.isBlank();
    }

    public boolean hasTests() {
        return tests != null && !tests.isBlank();
    }
}
