package dev.arbiter.verifier.check;

import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.Verdict.MutationReport;
import dev.arbiter.verifier.extract.CodeExtractor;
import dev.arbiter.verifier.program.ProgramBuilder;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import dev.arbiter.verifier.signal.ast.AstReport;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * test_generation: the answer is a test suite. It runs against the task's reference solution, where every test must
 * pass, then against each buggy variant (mutant), where at least one test must fail for the mutant to count as killed.
 * The kill rate is the signal; a suite that passes on the reference and kills at least half the mutants passes.
 */
@ApplicationScoped
public class TestSuiteCheck {
    static final double KILL_THRESHOLD = 0.5;

    private final CodeExtractor extractor;
    private final CodeCheck code;
    private final TreeSitterAnalyzer analyzer;

    public TestSuiteCheck(CodeExtractor extractor, CodeCheck code, TreeSitterAnalyzer analyzer) {
        this.extractor = extractor;
        this.code = code;
        this.analyzer = analyzer;
    }

    public Checked check(Task task, Runtime runtime, ProgramBuilder builder, String text, long started, SandboxClient client) {
        var extracted = extractor.extract(text, runtime.language(), builder.fenceTags(), null);
        var extraction = CodeCheck.extraction(extracted);
        if (extracted.code().isBlank()) {
            return CodeCheck.refused(task, runtime, extraction, null, null, Reason.NO_CODE, "the response holds no test code", started);
        }
        Task suite = task.withTests(extracted.code());
        Checked reference = code.run(suite, runtime, builder, task.reference(), extraction, "response", started, client);
        AstReport testsAst = analyzer.analyze(runtime.language(), extracted.code(), null).orElse(null);
        Verdict onReference = reference.verdict();
        if (onReference.status() == Status.INDETERMINATE || reference.evidence().gated()) {
            return reference;
        }
        int total = onReference.tests() == null ? 0 : onReference.tests().total();
        int passed = onReference.tests() == null ? 0 : onReference.tests().passed();
        List<String> mutants = task.mutants() == null ? List.of() : task.mutants();
        if (onReference.status() != Status.PASSED || total == 0) {
            String why = total == 0 ? "the response defines no test" : "the generated tests fail on the reference solution: "
                    + onReference.detail();
            return result(task, onReference, Status.FAILED, total == 0 ? Reason.NO_TESTS : Reason.FAILS_ON_REFERENCE, why,
                    new MutationReport(false, mutants.size(), 0, 0, List.of(), null), passed, total, testsAst, null);
        }
        int killed = 0;
        int indeterminate = 0;
        List<String> survivors = new ArrayList<>();
        for (int i = 0; i < mutants.size(); i++) {
            Verdict v = code.run(suite, runtime, builder, mutants.get(i), extraction, "response", started, client).verdict();
            if (v.status() == Status.INDETERMINATE) {
                indeterminate++;
            } else if (v.status() == Status.FAILED) {
                killed++;
            } else {
                survivors.add("mutant " + (i + 1));
            }
        }
        int judged = mutants.size() - indeterminate;
        if (!mutants.isEmpty() && judged == 0) {
            return result(task, onReference, Status.INDETERMINATE, Reason.SANDBOX_UNAVAILABLE,
                    "no buggy variant could be run", null, passed, total, testsAst, null);
        }
        Double rate = judged == 0 ? null : Math.round(10_000.0 * killed / judged) / 10_000.0;
        MutationReport report = new MutationReport(true, mutants.size(), killed, rate == null ? 0 : rate, survivors,
                indeterminate == 0 ? null : indeterminate);
        boolean strong = rate == null || rate >= KILL_THRESHOLD;
        String detail = total + " tests pass on the reference" + (rate == null ? "; the task has no buggy variants"
                : "; they catch " + killed + " of " + judged + " buggy variants");
        return result(task, onReference, strong ? Status.PASSED : Status.FAILED, strong ? Reason.ALL_TESTS_PASSED : Reason.WEAK_TESTS,
                detail, report, passed, total, testsAst, rate);
    }

    private static Checked result(Task task, Verdict onReference, Status status, Reason reason, String detail,
            MutationReport report, int passed, int total, AstReport testsAst, Double killRate) {
        Verdict verdict = Verdict.builder(task.id(), onReference.language(), status, reason, detail)
                .extraction(onReference.extraction()).syntax(onReference.syntax()).ast(testsAst)
                .tests(onReference.tests()).execution(onReference.execution()).timings(onReference.timings()).build();
        Evidence evidence = new Evidence(status, task.dimension(), reason, false, passed, total, testsAst);
        if (killRate != null) {
            evidence = evidence.withSignal("kill_rate", killRate);
        }
        return new Checked(verdict, evidence, null, report, null);
    }
}
