package dev.arbiter.verifier;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.sandbox.KillCause;
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
        Reason reason,
        String detail,
        Extraction extraction,
        SyntaxCheck syntax,
        AstReport ast,
        TamperingFinding tampering,
        TestReport tests,
        Execution execution,
        Timings timings,
        Signals signals) {

    /** The one way to make a verdict: the checks fill in what they found; the Verifier adds confidence and signals. */
    public static Builder builder(String taskId, String language, Status status, Reason reason, String detail) {
        return new Builder(taskId, language, status, reason, detail);
    }

    public Verdict withSignals(Signals s) {
        return new Verdict(taskId, language, status, confidence, reason, detail, extraction, syntax, ast, tampering,
                tests, execution, timings, s);
    }

    public Verdict withConfidence(double c) {
        return new Verdict(taskId, language, status, c, reason, detail, extraction, syntax, ast, tampering, tests,
                execution, timings, signals);
    }

    /** Fills in a verdict's evidence field by field; unset fields stay absent (null). */
    public static final class Builder {
        private final String taskId;
        private final String language;
        private final Status status;
        private final Reason reason;
        private final String detail;
        private double confidence;
        private Extraction extraction;
        private SyntaxCheck syntax;
        private AstReport ast;
        private TamperingFinding tampering;
        private TestReport tests;
        private Execution execution;
        private Timings timings;

        private Builder(String taskId, String language, Status status, Reason reason, String detail) {
            this.taskId = taskId;
            this.language = language;
            this.status = status;
            this.reason = reason;
            this.detail = detail;
            this.confidence = status == Status.INDETERMINATE ? 0.5 : 0;
        }

        public Builder extraction(Extraction e) {
            this.extraction = e;
            return this;
        }

        public Builder syntax(SyntaxCheck s) {
            this.syntax = s;
            return this;
        }

        public Builder ast(AstReport a) {
            this.ast = a;
            return this;
        }

        public Builder tampering(TamperingFinding t) {
            this.tampering = t;
            return this;
        }

        public Builder tests(TestReport t) {
            this.tests = t;
            return this;
        }

        public Builder execution(Execution e) {
            this.execution = e;
            return this;
        }

        public Builder timings(Timings t) {
            this.timings = t;
            return this;
        }

        public Verdict build() {
            return new Verdict(taskId, language, status, confidence, reason, detail, extraction, syntax, ast, tampering,
                    tests, execution, timings, null);
        }
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
     * says where the tests came from: the task, or the prompt's doctest examples when the task had none. boundary
     * says where the candidate ran: "process" (its own process and uid; the judge ran the tests and compared plain
     * data) or "in_process" (sharing a process with the tests, hardened), with fallback saying why.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestReport(int total, int passed, boolean complete, List<TestCase> cases, String source,
            String boundary, String fallback) {
        public TestReport(int total, int passed, boolean complete, List<TestCase> cases) {
            this(total, passed, complete, cases, null, null, null);
        }

        public TestReport(int total, int passed, boolean complete, List<TestCase> cases, String source) {
            this(total, passed, complete, cases, source, null, null);
        }

        public TestReport withSource(String from) {
            return new TestReport(total, passed, complete, cases, from, boundary, fallback);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TestCase(String name, String outcome, String message, Double ms) {
    }

    /** How the sandboxed steps ended, with the candidate's own output (capped). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Execution(Integer exitCode, KillCause killedBy, String output, boolean outputTruncated,
            String compileOutput) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Timings(long totalMs, Long acquireMs, Long compileMs, Long runMs, Boolean warm) {
    }
}
