package dev.arbiter.verifier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A coding task: what was asked, in which language, and optionally the tests and entry point that check an answer.
 * For HumanEval-style tasks the prompt is the function signature and docstring and the tests define check(candidate).
 * Per dimension a task may carry more: {@code original} is the code a bug-fixing or refactoring task starts from (an
 * answer may then be a unified diff); {@code reference} and {@code mutants} are the correct and buggy solutions a
 * generated test suite is run against; {@code answerKey} holds the expected facts or choice of a code-understanding
 * question; {@code repository} is the snapshot and test command of an agentic task; {@code stdioTests} are
 * input/output cases for a whole program; {@code limits} are the task's own resource limits.
 */
public record Task(
        @NotBlank @Size(max = 200) @Pattern(regexp = "[\\p{Graph} ]*", message = "must be printable text") String id,
        @NotNull Dimension dimension,
        @NotBlank @Size(max = 40) String language,
        @NotNull @Size(max = 200_000) String prompt,
        @Size(max = 400_000) String tests,
        @Size(max = 200) @Pattern(regexp = "[A-Za-z_$][A-Za-z0-9_$]*", message = "must be an identifier") String entryPoint,
        @Size(max = 200_000) String original,
        @Size(max = 200_000) String reference,
        @Size(max = 20) List<@NotNull @Size(max = 200_000) String> mutants,
        @Valid AnswerKey answerKey,
        @Valid Repository repository,
        @Size(max = 100) List<@NotNull @Valid StdioTest> stdioTests,
        @Valid Limits limits) {

    public Task(String id, Dimension dimension, String language, String prompt, String tests, String entryPoint) {
        this(id, dimension, language, prompt, tests, entryPoint, null);
    }

    public Task(String id, Dimension dimension, String language, String prompt, String tests, String entryPoint,
            String original) {
        this(id, dimension, language, prompt, tests, entryPoint, original, null, null, null, null, null);
    }

    public Task(String id, Dimension dimension, String language, String prompt, String tests, String entryPoint,
            String original, String reference, List<String> mutants, AnswerKey answerKey, Repository repository) {
        this(id, dimension, language, prompt, tests, entryPoint, original, reference, mutants, answerKey, repository, null);
    }

    public Task(String id, Dimension dimension, String language, String prompt, String tests, String entryPoint,
            String original, String reference, List<String> mutants, AnswerKey answerKey, Repository repository,
            List<StdioTest> stdioTests) {
        this(id, dimension, language, prompt, tests, entryPoint, original, reference, mutants, answerKey, repository,
                stdioTests, null);
    }

    /**
     * The task's own resource limits, where they differ from its runtime's defaults (each may be null: the runtime's
     * value). A benchmark whose tests are heavier than the defaults allow says so here, as its own harness does:
     * {@code runSeconds} for the whole run, {@code testSeconds} for each test (each call into the candidate),
     * {@code memoryMb} for the container. The service refuses values above its maxima (arbiter.verifier.max-limits).
     */
    public record Limits(
            @Min(1) @Max(600) Integer runSeconds,
            @Min(1) @Max(600) Integer testSeconds,
            @Min(32) @Max(16384) Integer memoryMb) {
    }

    /**
     * One input/output case: the whole program gets {@code input} on stdin and must print {@code output} (compared
     * line by line without trailing spaces or blank lines; numbers within a relative 1e-6).
     */
    public record StdioTest(@NotNull @Size(max = 100_000) String input, @NotNull @Size(max = 100_000) String output) {
    }

    /**
     * What a right answer to a code-understanding question says: the choice (for multiple choice), facts it must
     * state (each a regular expression, case-insensitive) and claims it must not make.
     */
    public record AnswerKey(
            @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9]+", message = "must be a choice label such as B") String choice,
            @Size(max = 50) List<@NotBlank @Size(max = 1_000) String> facts,
            @Size(max = 50) List<@NotBlank @Size(max = 1_000) String> forbidden) {
    }

    /**
     * A repository snapshot (path to text content) and the command, run from its root, whose exit code (and test
     * summary, when it prints one) says whether the patched repository works; an agentic answer is a unified diff
     * against it. {@code tests} are copied in after the patch, read-only, so an answer cannot edit the tests that judge it.
     */
    public record Repository(
            @NotNull @Size(min = 1, max = 500) Map<@NotBlank @Size(max = 300) @Pattern(regexp = PATH,
                    message = PATH_MESSAGE) String, @NotNull @Size(max = 400_000) String> files,
            @Size(max = 100) Map<@NotBlank @Size(max = 300) @Pattern(regexp = PATH, message = PATH_MESSAGE) String,
                    @NotNull @Size(max = 400_000) String> tests,
            @NotBlank @Size(max = 2_000) String testCommand) {
        static final String PATH = "[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*";
        static final String PATH_MESSAGE = "must be a relative path of letters, digits and _ . -";
    }

    public Task withTests(String newTests) {
        return new Task(id, dimension, language, prompt, newTests, entryPoint, original, reference, mutants, answerKey,
                repository, stdioTests, limits);
    }

    public Task withStdioTests(List<StdioTest> cases) {
        return new Task(id, dimension, language, prompt, tests, entryPoint, original, reference, mutants, answerKey,
                repository, cases, limits);
    }

    public boolean hasStdioTests() {
        return stdioTests != null && !stdioTests.isEmpty();
    }

    public boolean hasOriginal() {
        return original != null && !original.isBlank();
    }

    public boolean hasTests() {
        return tests != null && !tests.isBlank();
    }
}
