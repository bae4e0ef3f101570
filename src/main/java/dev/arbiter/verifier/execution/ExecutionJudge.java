package dev.arbiter.verifier.execution;

import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.StepResult;
import dev.arbiter.sandbox.KillCause;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict.Execution;
import dev.arbiter.verifier.Verdict.SyntaxCheck;
import dev.arbiter.verifier.Verdict.TestCase;
import dev.arbiter.verifier.Verdict.TestReport;
import dev.arbiter.verifier.Verdict.Timings;
import dev.arbiter.verifier.program.Program;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads a sandbox run: compile result, the runner's private report and how the run step ended. A pass needs a
 * complete report with every test passed; an early exit, a kill or a missing report is a fail with its reason.
 */
@ApplicationScoped
public class ExecutionJudge {
    private static final int MAX_OUTPUT_CHARS = 8192;

    /**
     * @param taskHasTests whether the task brought tests: then a report of zero tests is not a pass, whatever the
     *     runner declared
     */
    public Outcome judge(String nonce, Program program, SandboxRun run, boolean taskHasTests) {
        StepResult compile = run.step("compile").orElse(null);
        StepResult exec = run.step("run").orElse(null);
        SyntaxCheck syntax = program.precheck();
        if (compile != null && !compile.succeeded()) {
            String out = clip((compile.stderr() + compile.stdout()).strip());
            if (compile.killedBy() == null) {
                return Outcome.gate(Status.FAILED, Reason.COMPILE_ERROR, "the program does not compile",
                        new SyntaxCheck(false, program.syntaxChecker(), firstLines(out, 20), null),
                        execution(compile, out), compile, null);
            }
            return Outcome.gate(Status.FAILED, Reason.killed(compile.killedBy(), true), "compilation: " + compile.killedBy().sentence(),
                    syntax, execution(compile, out), compile, null);
        }
        if (compile != null) {
            syntax = new SyntaxCheck(true, program.syntaxChecker(), null, null);
        }
        if (exec == null) {
            return new Outcome(Status.PASSED, Reason.NO_TESTS, "the program compiles; the task has no tests to run",
                    false, 0, 0, syntax, new TestReport(0, 0, true, List.of()), execution(compile, null), compile, null);
        }
        RunReport report = RunReport.parse(nonce, exec.stdout());
        String compileOut = compile == null ? null : clip((compile.stderr() + compile.stdout()).strip());
        Execution execution = execution(exec, compileOut);
        if (Boolean.FALSE.equals(report.syntaxOk())) {
            return Outcome.gate(Status.FAILED, Reason.SYNTAX_ERROR, "the code does not parse: " + report.syntaxMessage(),
                    new SyntaxCheck(false, program.syntaxChecker(), report.syntaxMessage(), report.syntaxLine()),
                    execution, compile, exec);
        }
        if (Boolean.TRUE.equals(report.syntaxOk())) {
            syntax = new SyntaxCheck(true, program.syntaxChecker(), null, null);
        }
        List<TestCase> cases = report.tests();
        int passed = report.passed();
        if (report.forged() != null) {
            return new Outcome(Status.FAILED, Reason.TAMPERING, "the run's report is not the judge's: " + report.forged(),
                    true, 0, Math.max(1, cases.size()), syntax, tests(report, Math.max(1, cases.size()), 0, false),
                    execution, compile, exec);
        }
        KillCause killedBy = exec.killedBy();
        if (killedBy == null && report.candidate() != null && report.candidate().oom()) {
            killedBy = KillCause.MEMORY_LIMIT;
        }
        if (killedBy == null && "timeout".equals(report.aborted())) {
            killedBy = KillCause.TIMEOUT; // the judge stopped the job at its run limit (CPU seconds): the judge's line
        }
        if (killedBy != null) {
            int total = Math.max(report.declaredTotal() == null ? 0 : report.declaredTotal(), cases.size() + 1);
            return new Outcome(Status.FAILED, Reason.killed(killedBy, false), killedBy.sentence(), false, passed, total, syntax,
                    tests(report, total, passed, false), execution, compile, exec);
        }
        if ("test_syntax_error".equals(report.aborted())) {
            return new Outcome(Status.INDETERMINATE, Reason.INVALID_TESTS, "the task's tests do not parse: " + report.abortMessage(),
                    false, 0, 0, syntax, new TestReport(0, 0, false, cases), execution, compile, exec);
        }
        if (!report.complete()) {
            String why = !report.started() ? "the test runner did not start" :
                    "the program exited (code " + exec.exitCode() + ") before the test runner reported every test";
            int total = Math.max(report.declaredTotal() == null ? 0 : report.declaredTotal(), cases.size() + 1);
            return new Outcome(Status.FAILED, Reason.INCOMPLETE_REPORT, why, false, passed, total, syntax,
                    tests(report, total, passed, false), execution, compile, exec);
        }
        int total = report.declaredTotal();
        TestReport tests = tests(report, total, passed, true);
        if (total == 0 && taskHasTests) {
            return new Outcome(Status.FAILED, Reason.INCOMPLETE_REPORT,
                    "the runner reported no tests although the task has tests", false, 0, 1, syntax,
                    tests(report, 1, 0, false), execution, compile, exec);
        }
        if (total == 0) {
            return new Outcome(Status.PASSED, Reason.NO_TESTS, "the program ran cleanly; the task has no tests to run", false,
                    0, 0, syntax, tests, execution, compile, exec);
        }
        if (passed == total) {
            return new Outcome(Status.PASSED, Reason.ALL_TESTS_PASSED, passed + " of " + total + " tests passed", false, passed,
                    total, syntax, tests, execution, compile, exec);
        }
        Reason reason = Reason.TESTS_FAILED;
        String detail = passed + " of " + total + " tests passed";
        if (report.loadError() != null) {
            reason = Reason.RUNTIME_ERROR;
            detail = "the program failed while loading: " + report.loadError();
        } else if (cases.stream().anyMatch(c -> "timeout".equals(c.outcome()))) {
            reason = Reason.TEST_TIMEOUT;
            detail += "; a test exceeded its time limit";
        }
        return new Outcome(Status.FAILED, reason, detail, false, passed, total, syntax, tests, execution, compile, exec);
    }

    private static TestReport tests(RunReport report, int total, int passed, boolean complete) {
        return new TestReport(total, passed, complete, report.tests(), null, report.boundary(), report.fallback());
    }

    private static Execution execution(StepResult step, String compileOutput) {
        if (step == null) {
            return null;
        }
        String output = step.name().equals("compile") ? null : clip(step.stderr());
        return new Execution(step.exitCode(), step.killedBy(), output,
                step.stderrTruncated() || step.stdoutTruncated() || (output != null && output.length() < step.stderr().length()),
                compileOutput == null || compileOutput.isEmpty() ? null : compileOutput);
    }

    private static String clip(String s) {
        return s.length() <= MAX_OUTPUT_CHARS ? s : s.substring(0, MAX_OUTPUT_CHARS);
    }

    private static String firstLines(String s, int n) {
        return String.join("\n", s.lines().limit(n).toList());
    }

    /** The judged result of one run, before the confidence is computed. */
    public record Outcome(Status status, Reason reason, String detail, boolean gated, int passed, int total,
            SyntaxCheck syntax, TestReport tests, Execution execution, StepResult compile, StepResult exec) {

        static Outcome gate(Status status, Reason reason, String detail, SyntaxCheck syntax, Execution execution,
                StepResult compile, StepResult exec) {
            return new Outcome(status, reason, detail, true, 0, 0, syntax, null, execution, compile, exec);
        }

        public Timings timings(long totalMs, SandboxRun run) {
            return new Timings(totalMs, run.acquireMs(), compile == null ? null : compile.durationMs(),
                    exec == null ? null : exec.durationMs(), run.warm());
        }
    }
}
