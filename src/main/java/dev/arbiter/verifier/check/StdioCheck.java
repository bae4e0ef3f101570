package dev.arbiter.verifier.check;

import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.Standalone;
import dev.arbiter.verifier.Status;
import dev.arbiter.sandbox.KillCause;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verdict.TestCase;
import dev.arbiter.verifier.extract.CodeExtractor;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input/output cases: the answer is a whole program, built once with the runtime's standalone commands, then run
 * once per case with the case's input on stdin, each run a separate step with its own time limit. Its stdout is
 * compared with the expected output on the service's side, so nothing the program prints can claim a pass.
 */
@ApplicationScoped
public class StdioCheck {
    private static final Pattern JAVA_MAIN_CLASS = Pattern.compile(
            "(?s)class\\s+(\\w+)[^{]*\\{.*?static\\s+void\\s+main\\s*\\(");
    private static final int MAX_MESSAGE = 300;
    /** Exit codes of coreutils timeout: the case ran out of time (TERM), or ignored TERM and was killed. */
    private static final int TIMED_OUT = 124;
    private static final int TIMED_OUT_KILLED = 137;

    private final CodeExtractor extractor;
    private final Sandbox sandbox;
    private final TreeSitterAnalyzer analyzer;

    public StdioCheck(CodeExtractor extractor, Sandbox sandbox, TreeSitterAnalyzer analyzer) {
        this.extractor = extractor;
        this.sandbox = sandbox;
        this.analyzer = analyzer;
    }

    public Checked check(Task task, Runtime runtime, ProgramBuilder builder, String text, String testsSource, long started,
            SandboxClient client) {
        var extracted = extractor.extract(text, runtime.language(), builder.fenceTags(), null);
        var extraction = CodeCheck.extraction(extracted);
        if (extracted.code().isBlank()) {
            return CodeCheck.refused(task, runtime, extraction, null, null, Reason.NO_CODE, "the response holds no code", started);
        }
        Standalone standalone = runtime.standalone();
        String code = "java".equals(runtime.language()) ? withMainLauncher(extracted.code()) : extracted.code();
        AstReport ast = analyzer.analyze(runtime.language(), code, null).orElse(null);
        if (ast != null && ast.unparseable() != null) {
            return CodeCheck.refused(task, runtime, extraction, null, ast, Reason.UNPARSEABLE,
                    "the code was refused before parsing finished: " + ast.unparseable(), started);
        }
        List<Task.StdioTest> cases = task.stdioTests();
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put(standalone.sourceFile(), SandboxFile.readOnly(code.getBytes(StandardCharsets.UTF_8)));
        List<SandboxJob.Step> steps = new ArrayList<>();
        if (!standalone.compile().isEmpty()) {
            steps.add(new SandboxJob.Step("compile", standalone.compile(),
                    Duration.ofSeconds(Math.max(1, runtime.limits().compileTimeoutSeconds())), true));
        }
        Duration perCase = Duration.ofSeconds(Math.max(2, runtime.limits().testTimeoutSeconds()));
        for (int i = 0; i < cases.size(); i++) {
            files.put("cases/" + (i + 1) + ".in", SandboxFile.readOnly(cases.get(i).input().getBytes(StandardCharsets.UTF_8)));
            // coreutils timeout inside the container stops a hanging case (exit 124) and leaves the container to the
            // next case; the step's own limit, a little longer, is the backstop that kills the container.
            List<String> command = new ArrayList<>(List.of("sh", "-c", "exec timeout -k 1 " + perCase.toSeconds()
                    + " \"$@\" < /work/cases/" + (i + 1) + ".in", "arbiter-case"));
            command.addAll(standalone.run());
            steps.add(new SandboxJob.Step("case-" + (i + 1), command, perCase.plusSeconds(3), false));
        }
        SandboxRun run;
        try {
            run = sandbox.run(runtime, new SandboxJob(files, steps), client);
        } catch (SandboxUnavailableException e) {
            return CodeCheck.unavailable(task, runtime, extraction, null, ast, e, started);
        }
        return judge(task, runtime, extraction, ast, run, testsSource, started);
    }

    private Checked judge(Task task, Runtime runtime, Verdict.Extraction extraction, AstReport ast, SandboxRun run,
            String testsSource, long started) {
        StepResult compile = run.step("compile").orElse(null);
        if (compile != null && !compile.succeeded()) {
            String out = clip((compile.stderr() + compile.stdout()).strip(), 4_000);
            Reason reason = compile.killedBy() == null ? Reason.COMPILE_ERROR : Reason.killed(compile.killedBy(), true);
            return new Checked(Verdict.builder(task.id(), runtime.language(), Status.FAILED, reason,
                    "the program does not compile").extraction(extraction)
                    .syntax(new Verdict.SyntaxCheck(false, runtime.standalone().compile().get(0), out, null)).ast(ast)
                    .execution(new Verdict.Execution(compile.exitCode(), compile.killedBy(), null, false, out))
                    .timings(new Verdict.Timings(CodeCheck.ms(started), run.acquireMs(), compile.durationMs(), null,
                            run.warm())).build(),
                    new Evidence(Status.FAILED, task.dimension(), reason, true, 0, 0, ast));
        }
        List<TestCase> results = new ArrayList<>();
        int passed = 0;
        KillCause killed = null;
        long runMs = 0;
        StringBuilder stderr = new StringBuilder();
        for (int i = 0; i < task.stdioTests().size(); i++) {
            String name = "case " + (i + 1);
            StepResult r = run.step("case-" + (i + 1)).orElse(null);
            if (r == null) {
                results.add(new TestCase(name, "error", "not run", null));
                continue;
            }
            runMs += r.durationMs();
            if (stderr.length() < 4_000 && !r.stderr().isBlank()) {
                stderr.append("[").append(name).append("] ").append(clip(r.stderr(), 1_000)).append('\n');
            }
            Task.StdioTest expected = task.stdioTests().get(i);
            KillCause killedBy = r.killedBy() != null ? r.killedBy()
                    : r.exitCode() != null && (r.exitCode() == TIMED_OUT || r.exitCode() == TIMED_OUT_KILLED) ? KillCause.TIMEOUT : null;
            if (killedBy != null) {
                killed = killed == null ? killedBy : killed;
                results.add(new TestCase(name, killedBy == KillCause.TIMEOUT ? "timeout" : "error",
                        "killed: " + killedBy, (double) r.durationMs()));
            } else if (r.exitCode() == null || r.exitCode() != 0) {
                results.add(new TestCase(name, "error", "exit code " + r.exitCode() + ": " + clip(r.stderr().strip(), MAX_MESSAGE),
                        (double) r.durationMs()));
            } else if (OutputMatch.matches(r.stdout(), expected.output())) {
                passed++;
                results.add(new TestCase(name, "passed", null, (double) r.durationMs()));
            } else {
                results.add(new TestCase(name, "failed", "expected " + quoted(expected.output()) + ", got "
                        + quoted(r.stdout()), (double) r.durationMs()));
            }
        }
        int total = task.stdioTests().size();
        Status status = passed == total ? Status.PASSED : Status.FAILED;
        Reason reason = status == Status.PASSED ? Reason.ALL_TESTS_PASSED
                : killed != null ? Reason.killed(killed, false) : Reason.TESTS_FAILED;
        var verdict = Verdict.builder(task.id(), runtime.language(), status, reason,
                passed + " of " + total + " input/output cases passed").extraction(extraction)
                .syntax(compile == null ? null : new Verdict.SyntaxCheck(true, runtime.standalone().compile().get(0), null, null))
                .ast(ast).tests(new Verdict.TestReport(total, passed, true, results, testsSource))
                .execution(new Verdict.Execution(null, killed, stderr.toString(), false, null))
                .timings(new Verdict.Timings(CodeCheck.ms(started), run.acquireMs(),
                        compile == null ? null : compile.durationMs(), runMs, run.warm())).build();
        return new Checked(verdict, new Evidence(status, task.dimension(), reason, false, passed, total, ast));
    }

    /** A Java program whose main class is not Main gets a Main that calls it, so the runtime's run command fits. */
    static String withMainLauncher(String code) {
        Matcher m = JAVA_MAIN_CLASS.matcher(code);
        if (!m.find() || m.group(1).equals("Main")) {
            return code;
        }
        String fitted = code.replaceAll("(?m)^public\\s+(final\\s+)?(class|interface|enum|record)\\s", "$1$2 ");
        return fitted + "\nclass Main {\n    public static void main(String[] args) throws Exception {\n        "
                + m.group(1) + ".main(args);\n    }\n}\n";
    }

    private static String quoted(String s) {
        String n = OutputMatch.normalize(s);
        return "\"" + clip(n, 120).replace("\n", "\\n") + "\"";
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
