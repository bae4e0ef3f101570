package dev.arbiter.verifier.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.signal.ast.AstReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfidenceScorerTest {
    private final ConfidenceScorer scorer = new ConfidenceScorer(ScoringRules.load(Path.of("verifier-rules/scoring.yaml")));
    private static final AstReport CLEAN = new AstReport("tree-sitter-python", true, null, List.of(), true, List.of(), List.of());

    private double score(Status status, Dimension d, Reason reason, int passed, int total, AstReport ast) {
        return scorer.score(new ConfidenceScorer.Evidence(status, d, reason, false, passed, total, ast));
    }

    @Test
    void moreTestsPassedMeansMoreConfidence() {
        assertEquals(0.75, score(Status.PASSED, Dimension.CODE_GENERATION, Reason.ALL_TESTS_PASSED, 1, 1, null), 1e-9);
        assertEquals(0.9375, score(Status.PASSED, Dimension.CODE_GENERATION, Reason.ALL_TESTS_PASSED, 7, 7, null), 1e-9);
        assertTrue(score(Status.PASSED, Dimension.CODE_GENERATION, Reason.ALL_TESTS_PASSED, 100, 100, null) > 0.99);
    }

    @Test
    void astWeighsByDimension() {
        // code_generation: tests 0.9, ast 0.1; code_refactoring: tests 0.6, ast 0.1, structure 0.3 (absent signals
        // are left out of the weighted mean, not counted as 0)
        assertEquals(0.9 * 0.9375 + 0.1, score(Status.PASSED, Dimension.CODE_GENERATION, Reason.ALL_TESTS_PASSED, 7, 7, CLEAN), 1e-4);
        assertEquals((0.6 * 0.9375 + 0.1) / 0.7, score(Status.PASSED, Dimension.CODE_REFACTORING, Reason.ALL_TESTS_PASSED, 7, 7, CLEAN), 1e-4);
        AstReport noEntry = new AstReport("t", true, null, List.of(), false, List.of(), List.of());
        assertEquals((0.6 * 0.9375 + 0.1 * 0.5) / 0.7, score(Status.PASSED, Dimension.CODE_REFACTORING, Reason.ALL_TESTS_PASSED, 7, 7, noEntry), 1e-4);
        var withStructure = new ConfidenceScorer.Evidence(Status.PASSED, Dimension.CODE_REFACTORING, Reason.ALL_TESTS_PASSED,
                false, 7, 7, CLEAN).withSignal("structure", 0.5);
        assertEquals(0.6 * 0.9375 + 0.1 + 0.3 * 0.5, scorer.score(withStructure), 1e-4);
    }

    @Test
    void gatesCapWhateverTheSignalsSay() {
        AstReport forbidden = new AstReport("t", true, null, List.of(), true, List.of(new AstReport.Finding("os.system", 3)), List.of());
        assertEquals(0.2, score(Status.PASSED, Dimension.CODE_GENERATION, Reason.ALL_TESTS_PASSED, 9, 9, forbidden), 1e-9);
        AstReport placeholder = new AstReport("t", true, null, List.of(), true, List.of(), List.of(new AstReport.Finding("pass", 2)));
        assertEquals(0.3, score(Status.PASSED, Dimension.CODE_GENERATION, Reason.NO_TESTS, 0, 0, placeholder), 1e-9);
        assertEquals(0.1, score(Status.FAILED, Dimension.CODE_GENERATION, Reason.TIMEOUT, 5, 6, CLEAN), 1e-9);
        assertEquals(0.0, scorer.score(new ConfidenceScorer.Evidence(Status.FAILED, Dimension.ALGORITHM, Reason.COMPILE_ERROR, true, 0, 0, null)));
    }

    @Test
    void aFailedTestKeepsPartialCreditBelowEveryFullPassAndNamesTheGate() {
        var almost = scorer.assess(new ConfidenceScorer.Evidence(Status.FAILED, Dimension.CODE_GENERATION, Reason.TESTS_FAILED,
                false, 99, 100, CLEAN));
        assertEquals(0.4, almost.confidence(), 1e-9);
        assertEquals(List.of("tests_failed"), almost.gates());
        assertTrue(almost.signals().get("tests") > 0.98);
        assertTrue(score(Status.FAILED, Dimension.CODE_GENERATION, Reason.TESTS_FAILED, 1, 10, CLEAN) < 0.4);
    }

    @Test
    void extraGatesFromTheChecksCapToo() {
        var e = new ConfidenceScorer.Evidence(Status.PASSED, Dimension.CODE_REFACTORING, Reason.ALL_TESTS_PASSED, false, 5, 5,
                CLEAN).withGate(Gate.API_CHANGED);
        assertEquals(0.4, scorer.score(e), 1e-9);
    }

    @Test
    void noEvidenceIsOneHalf() {
        assertEquals(0.5, score(Status.INDETERMINATE, Dimension.CODE_GENERATION, Reason.SANDBOX_UNAVAILABLE, 0, 0, CLEAN));
        assertEquals(0.5, score(Status.PASSED, Dimension.CODE_GENERATION, Reason.NO_TESTS, 0, 0, null));
    }
}
