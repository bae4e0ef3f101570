package dev.arbiter.verifier.check;

import dev.arbiter.sandbox.SandboxClient;
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
import dev.arbiter.verifier.execution.RunReport;
import dev.arbiter.verifier.extract.RepositoryPatcher;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import dev.arbiter.verifier.signal.tampering.RepositoryShadowing;
import dev.arbiter.verifier.signal.tampering.TamperingDetector;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * agentic_programming: the answer is a unified diff against the task's repository snapshot. A patch that adds or
 * changes a file shadowing the test framework or the standard library (verifier-rules/tampering.yaml, shadowing) is
 * refused as tampering. The patched repository (with the task's test files put back read-only) goes into a fresh
 * sandbox of the task's language, where the task's test command runs from the root. Counts come only from a
 * machine-readable report: a Python {@code python3 -m unittest ...} command runs under the trusted runner
 * (sandbox-images/python/repo_runner.py), which reports each test on its own channel. Text the code under test prints
 * is never counted, so a run without that report (any other command) counts as 0 of 1. Changed files in the task's
 * language get the AST checks (forbidden calls cap the confidence).
 */
@ApplicationScoped
public class RepositoryCheck {
    private static final Set<String> DIFF_TAGS = Set.of("diff", "patch");
    private static final int MAX_OUTPUT = 8192;
    /** Repository test commands run longer than one function's tests: three run budgets of the runtime. */
    private static final int TIMEOUT_FACTOR = 3;
    /** A unittest command of plain words (no quoting, no other shell syntax): the trusted runner can run it. */
    private static final java.util.regex.Pattern UNITTEST = java.util.regex.Pattern.compile(
            "^\\s*python3?\\s+-m\\s+unittest((?:\\s+[A-Za-z0-9_./=:-]+)*)\\s*(?:2>&1)?\\s*$");
    private static final String RUNNER_META = "arbiter-repo-meta.json";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final CodeExtractor extractor;
    private final PatchApplier diffs;
    private final RepositoryPatcher patcher;
    private final Sandbox sandbox;
    private final TreeSitterAnalyzer analyzer;
    private final RepositoryShadowing shadowing;

    public RepositoryCheck(CodeExtractor extractor, PatchApplier diffs, RepositoryPatcher patcher, Sandbox sandbox,
            TreeSitterAnalyzer analyzer, TamperingDetector tampering) {
        this.extractor = extractor;
        this.diffs = diffs;
        this.patcher = patcher;
        this.sandbox = sandbox;
        this.analyzer = analyzer;
        this.shadowing = new RepositoryShadowing(tampering.rules().shadowing());
    }

    public Checked check(Task task, Runtime runtime, String text, long started, SandboxClient client) {
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
        var shadowed = shadowing.find(repo.files(), patched.files(), patched.changed(), repo.tests(), repo.testCommand());
        if (shadowed.isPresent()) {
            return CodeCheck.refused(task, runtime.language(), Verdict.builder(task.id(), runtime.language(),
                    Status.FAILED, Reason.TAMPERING, "the patch changes " + shadowed.get().construct() + ": "
                            + shadowed.get().message()).extraction(extraction).tampering(shadowed.get()), null, started);
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
        Duration timeout = Duration.ofSeconds((long) runtime.limits().runTimeoutSeconds() * TIMEOUT_FACTOR);
        var unittest = UNITTEST.matcher(repo.testCommand());
        String nonce = null;
        SandboxJob.Step step;
        if ("python".equals(runtime.language()) && unittest.matches()) {
            nonce = CodeCheck.nonce();
            files.put(RUNNER_META, SandboxJob.SandboxFile.judgeOnly(runnerMeta(nonce, unittest.group(1))));
            step = SandboxJob.Step.runner("run", List.of("python3", "/opt/arbiter/repo_runner.py"), timeout);
        } else {
            step = new SandboxJob.Step("run", List.of("sh", "-c", repo.testCommand()), timeout, true);
        }
        SandboxRun run;
        try {
            run = sandbox.run(runtime, new SandboxJob(files, List.of(step)), client);
        } catch (SandboxUnavailableException e) {
            return CodeCheck.unavailable(task, runtime, extraction, null, ast, e, started);
        }
        return judge(task, runtime, extraction, ast, run, nonce, started);
    }

    /** The trusted runner's meta file: the nonce of its report lines and unittest's arguments. */
    private static byte[] runnerMeta(String nonce, String args) {
        var meta = JSON.createObjectNode().put("nonce", nonce);
        var list = meta.putArray("args");
        for (String a : args.strip().split("\\s+")) {
            if (!a.isEmpty()) {
                list.add(a);
            }
        }
        return bytes(meta.toString());
    }

    /**
     * Counts from the trusted runner's report (nonce given), which must reach its end with at least one test; without
     * a report a run counts as 0 of 1 whatever it printed, since the code under test can print any summary.
     */
    private Checked judge(Task task, Runtime runtime, Verdict.Extraction extraction, AstReport ast, SandboxRun run,
            String nonce, long started) {
        StepResult result = run.steps().get(0);
        String output = nonce != null ? result.stderr()
                : result.stdout() + (result.stderr().isEmpty() ? "" : "\n" + result.stderr());
        RunReport report = nonce == null ? null : RunReport.parse(nonce, result.stdout());
        boolean complete = report != null && report.started() && report.ended() && report.aborted() == null && report.forged() == null
                && !report.tests().isEmpty();
        int total = report == null ? 1 : Math.max(1, report.tests().size());
        int passedTests = report == null ? 0 : report.passed();
        boolean passed = result.succeeded() && complete && passedTests == total;
        Reason reason = result.killedBy() != null ? Reason.killed(result.killedBy(), false) : passed ? Reason.ALL_TESTS_PASSED
                : complete || report == null && !result.succeeded() ? Reason.TESTS_FAILED : Reason.INCOMPLETE_REPORT;
        String claim = TestSummary.parse(output).map(c -> "; the " + c.passed() + " of " + c.total()
                + " tests its output claims are not counted").orElse("");
        String detail = (result.killedBy() != null ? "the test command was killed (" + result.killedBy() + "); "
                : "the test command exited " + result.exitCode() + "; ") + passedTests + " of " + total + " tests passed"
                + (report != null ? complete ? "" : " (the trusted runner's report is incomplete)"
                        : " (no machine-readable report: only `python3 -m unittest ...` commands run under the trusted runner"
                                + claim + ")");
        Status status = passed ? Status.PASSED : Status.FAILED;
        String clipped = output.length() > MAX_OUTPUT ? output.substring(output.length() - MAX_OUTPUT) : output;
        var verdict = Verdict.builder(task.id(), runtime.language(), status, reason, detail).extraction(extraction).ast(ast)
                .tests(new TestReport(total, passedTests, complete && result.killedBy() == null,
                        report == null ? List.of() : report.tests(), "repository"))
                .execution(new Execution(result.exitCode(), result.killedBy(), clipped,
                        result.stdoutTruncated() || result.stderrTruncated() || clipped.length() < output.length(), null))
                .timings(new Verdict.Timings(CodeCheck.ms(started), run.acquireMs(), null, result.durationMs(), run.warm()))
                .build();
        return new Checked(verdict, new Evidence(status, task.dimension(), reason, false, passedTests, total, ast));
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
