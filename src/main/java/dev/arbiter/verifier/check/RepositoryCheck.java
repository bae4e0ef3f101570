package dev.arbiter.verifier.check;

import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verdict.Execution;
import dev.arbiter.verifier.Verdict.TestReport;
import dev.arbiter.verifier.extract.CodeExtractor;
import dev.arbiter.verifier.extract.PatchApplier;
import dev.arbiter.verifier.extract.RepositoryPatcher;
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
import java.util.Set;

/**
 * agentic_programming: the answer is a unified diff against the task's repository snapshot. The patched repository
 * (with the task's test files put back read-only) goes into a fresh sandbox of the task's language, where the task's
 * test command runs from the root. Its test summary, when it prints one, gives the counts; otherwise its exit code
 * is one test. Changed files in the task's language get the AST checks (forbidden calls cap the confidence).
 */
@ApplicationScoped
public class RepositoryCheck {
    private static final Set<String> DIFF_TAGS = Set.of("diff", "patch");
    private static final int MAX_OUTPUT = 8192;
    /** Repository test commands run longer than one function's tests: three run budgets of the runtime. */
    private static final int TIMEOUT_FACTOR = 3;

    private final CodeExtractor extractor;
    private final PatchApplier diffs;
    private final RepositoryPatcher patcher;
    private final Sandbox sandbox;
    private final TreeSitterAnalyzer analyzer;

    public RepositoryCheck(CodeExtractor extractor, PatchApplier diffs, RepositoryPatcher patcher, Sandbox sandbox,
            TreeSitterAnalyzer analyzer) {
        this.extractor = extractor;
        this.diffs = diffs;
        this.patcher = patcher;
        this.sandbox = sandbox;
        this.analyzer = analyzer;
    }

    public Checked check(Task task, Runtime runtime, String text, long started) {
        var extracted = extractor.extract(text, "diff", DIFF_TAGS, null);
        var extraction = new Verdict.Extraction(extracted.code(), diffs.isUnifiedDiff(extracted.code()) ? "unified_diff"
                : extracted.source(), extracted.blockIndex(), extracted.blocks(), extracted.reason());
        if (!diffs.isUnifiedDiff(extracted.code())) {
            return CodeCheck.refused(task, runtime, extraction, null, null, Reason.NO_PATCH,
                    "an agentic answer must be a unified diff against the task's repository", started);
        }
        Task.Repository repo = task.repository();
        RepositoryPatcher.Result patched = patcher.apply(repo.files(), extracted.code());
        if (patched.error() != null) {
            return CodeCheck.refused(task, runtime, extraction, null, null, Reason.PATCH_DOES_NOT_APPLY, patched.error(), started);
        }
        AstReport ast = scan(runtime, patched);
        if (ast != null && ast.unparseable() != null) {
            return CodeCheck.refused(task, runtime, extraction, null, ast, Reason.UNPARSEABLE,
                    "a changed file was refused before parsing finished: " + ast.unparseable(), started);
        }
        Map<String, SandboxJob.SandboxFile> files = new LinkedHashMap<>();
        patched.files().forEach((path, content) -> files.put(path, SandboxJob.SandboxFile.writable(bytes(content))));
        if (repo.tests() != null) {
            repo.tests().forEach((path, content) -> files.put(path, SandboxJob.SandboxFile.readOnly(bytes(content))));
        }
        var step = new SandboxJob.Step("run", List.of("sh", "-c", repo.testCommand()),
                Duration.ofSeconds((long) runtime.limits().runTimeoutSeconds() * TIMEOUT_FACTOR), true);
        SandboxRun run;
        try {
            run = sandbox.run(runtime, new SandboxJob(files, List.of(step)));
        } catch (SandboxUnavailableException e) {
            return CodeCheck.unavailable(task, runtime, extraction, null, ast, e, started);
        }
        return judge(task, runtime, extraction, ast, run, started);
    }

    private Checked judge(Task task, Runtime runtime, Verdict.Extraction extraction, AstReport ast, SandboxRun run,
            long started) {
        StepResult result = run.steps().get(0);
        String output = result.stdout() + (result.stderr().isEmpty() ? "" : "\n" + result.stderr());
        var counts = TestSummary.parse(output).orElse(new TestSummary.Counts(result.succeeded() ? 1 : 0, 1));
        boolean passed = result.succeeded() && counts.passed() == counts.total();
        Reason reason = result.killedBy() != null ? Reason.killed(result.killedBy(), false)
                : passed ? Reason.ALL_TESTS_PASSED : Reason.TESTS_FAILED;
        String detail = (result.killedBy() != null ? "the test command was killed (" + result.killedBy() + "); "
                : "the test command exited " + result.exitCode() + "; ") + counts.passed() + " of " + counts.total()
                + " tests passed";
        Status status = passed ? Status.PASSED : Status.FAILED;
        String clipped = output.length() > MAX_OUTPUT ? output.substring(output.length() - MAX_OUTPUT) : output;
        var verdict = Verdict.builder(task.id(), runtime.language(), status, reason, detail).extraction(extraction).ast(ast)
                .tests(new TestReport(counts.total(), counts.passed(), result.killedBy() == null, List.of(), "repository"))
                .execution(new Execution(result.exitCode(), result.killedBy(), clipped,
                        result.stdoutTruncated() || result.stderrTruncated() || clipped.length() < output.length(), null))
                .timings(new Verdict.Timings(CodeCheck.ms(started), run.acquireMs(), null, result.durationMs(), run.warm()))
                .build();
        return new Checked(verdict, new Evidence(status, task.dimension(), reason, false, counts.passed(),
                counts.total(), ast));
    }

    /** AST checks over the changed files of the task's language, merged into one report. */
    private AstReport scan(Runtime runtime, RepositoryPatcher.Result patched) {
        AstReport merged = null;
        List<AstReport.Issue> errors = new ArrayList<>();
        List<AstReport.Finding> forbidden = new ArrayList<>();
        List<AstReport.Finding> placeholders = new ArrayList<>();
        for (String path : patched.changed()) {
            String content = patched.files().get(path);
            if (content == null || !runtime.sourceFile().substring(runtime.sourceFile().lastIndexOf('.'))
                    .equals(path.contains(".") ? path.substring(path.lastIndexOf('.')) : "")) {
                continue;
            }
            AstReport r = analyzer.analyze(runtime.language(), content, null).orElse(null);
            if (r == null) {
                continue;
            }
            if (r.unparseable() != null) {
                return r;
            }
            errors.addAll(r.errors());
            r.forbidden().forEach(f -> forbidden.add(new AstReport.Finding(path + ": " + f.what(), f.line())));
            r.placeholders().forEach(f -> placeholders.add(new AstReport.Finding(path + ": " + f.what(), f.line())));
            merged = new AstReport(r.parser(), (merged == null || merged.parses()) && r.parses(), null, List.copyOf(errors),
                    null, List.copyOf(forbidden), List.copyOf(placeholders));
        }
        return merged;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
