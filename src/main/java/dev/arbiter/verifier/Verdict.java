package dev.arbiter.verifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.verifier.signal.ast.AstReport;
import java.util.List;

/**
 * The Verifier's answer for one response: a status, a confidence in [0,1], the reason in one word and in a sentence,
 * and the evidence behind them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Verdict(
        String taskId,
        String language,
        Status status,
        double confidence,
        String reason,
        String detail,
        Extraction extraction,
        SyntaxCheck syntax,
        AstReport ast,
        TestReport tests,
        Execution execution,
        Timings timings) {

    /** Which code was taken from the response, and why. */
    public record Extraction(String code, String source, Integer blockIndex, int blocks, String reason) {
    }

    /** Whether the program parses or compiles; the checker names the tool that said so. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyntaxCheck(boolean ok, String checker, String message, Integer line) {
    }

    /**
     * Tests reported by the runner inside the sandbox; complete is false when it stopped before reporting all. source
     * says where the tests came from: the task, or the prompt's doctest examples when the task had none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestReport(int total, int passed, boolean complete, List<TestCase> cases, String source) {
        public TestReport(int total, int passed, boolean complete, List<TestCase> cases) {
            this(total, passed, complete, cases, null);
        }

        public TestReport withSource(String from) {
            return new TestReport(total, passed, complete, cases, from);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestCase(String name, String outcome, String message, Double ms) {
    }

    /** How the sandboxed steps ended, with the candidate's own output (capped). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Execution(Integer exitCode, String killedBy, String output, boolean outputTruncated,
            String compileOutput) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timings(long totalMs, Long acquireMs, Long compileMs, Long runMs, Boolean warm) {
    }
}
