package dev.arbiter.verifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.structure.StructureReport;
import dev.arbiter.verifier.signal.tampering.TamperingFinding;
import java.util.List;
import java.util.Map;

/**
 * The Verifier's answer for one response: a status, a confidence in [0,1], the reason in one word and in a sentence,
 * and the evidence behind them. {@code tampering} is the construct that made the verdict {@code failed / tampering}.
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
        Timings timings,
        Signals signals,
        TamperingFinding tampering) {

    public Verdict(String taskId, String language, Status status, double confidence, String reason, String detail,
            Extraction extraction, SyntaxCheck syntax, AstReport ast, TestReport tests, Execution execution,
            Timings timings) {
        this(taskId, language, status, confidence, reason, detail, extraction, syntax, ast, tests, execution, timings,
                null, null);
    }

    public Verdict(String taskId, String language, Status status, double confidence, String reason, String detail,
            Extraction extraction, SyntaxCheck syntax, AstReport ast, TestReport tests, Execution execution,
            Timings timings, Signals signals) {
        this(taskId, language, status, confidence, reason, detail, extraction, syntax, ast, tests, execution, timings,
                signals, null);
    }

    public Verdict withSignals(Signals s) {
        return new Verdict(taskId, language, status, confidence, reason, detail, extraction, syntax, ast, tests,
                execution, timings, s, tampering);
    }

    public Verdict withTampering(TamperingFinding finding) {
        return new Verdict(taskId, language, status, confidence, reason, detail, extraction, syntax, ast, tests,
                execution, timings, signals, finding);
    }

    public Verdict withConfidence(double c) {
        return new Verdict(taskId, language, status, c, reason, detail, extraction, syntax, ast, tests, execution,
                timings, signals, tampering);
    }

    /**
     * How the confidence was made: each signal's score, the gates that capped it, and the reports of the
     * dimension-specific signals (structure for refactoring, mutation for test generation, rules for code
     * understanding, the LLM judge when enabled).
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Signals(Map<String, Double> scores, List<String> gates, StructureReport structure,
            MutationReport mutation, RuleReport rules, JudgeReport judge) {
    }

    /** A generated test suite run against the reference solution and each buggy variant. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MutationReport(boolean passesOnReference, int mutants, int killed, double killRate,
            List<String> survivors, Integer indeterminate) {
    }

    /** A text answer checked against the task's answer key. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleReport(String expectedChoice, String foundChoice, List<String> factsFound,
            List<String> factsMissing, List<String> forbiddenFound, double score) {
    }

    /** The LLM judge's opinion, when the judge is enabled and answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JudgeReport(String model, Double score, String rationale, Boolean cached, String absentBecause) {
    }

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
