package dev.arbiter.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.bench.accuracy.AccuracyReport;
import dev.arbiter.bench.accuracy.LabelledCase;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict;
import org.junit.jupiter.api.Test;

class AccuracyReportTest {

    private static LabelledCase labelled(String id, boolean shouldPass) {
        return new LabelledCase("ds", "python", id, shouldPass ? "canonical" : "buggy", shouldPass, null);
    }

    private static Verdict verdict(Status status, Reason reason) {
        return Verdict.builder("t", "python", status, reason, "why").build().withConfidence(0.5);
    }

    @Test
    void perfectlyCalibratedConfidenceScoresZero() {
        AccuracyReport report = new AccuracyReport();
        report.add(labelled("a", true), Verdict.builder("t", "python", Status.PASSED, Reason.ALL_TESTS_PASSED, "d").build().withConfidence(1.0));
        report.add(labelled("b", false), Verdict.builder("t", "python", Status.FAILED, Reason.TESTS_FAILED, "d").build());
        assertEquals(0.0, report.rows().get("ds | python").brier(), 1e-12);
        assertEquals(0.0, report.rows().get("ds | python").ece(), 1e-12);
    }

    @Test
    void countsAgreementFalsePassesFalseFailsAndIndeterminates() {
        AccuracyReport report = new AccuracyReport();
        report.add(labelled("a", true), verdict(Status.PASSED, Reason.ALL_TESTS_PASSED));
        report.add(labelled("b", true), verdict(Status.FAILED, Reason.TESTS_FAILED));
        report.add(labelled("c", false), verdict(Status.FAILED, Reason.TESTS_FAILED));
        report.add(labelled("d", false), verdict(Status.PASSED, Reason.ALL_TESTS_PASSED));
        report.add(labelled("e", false), verdict(Status.INDETERMINATE, Reason.SANDBOX_UNAVAILABLE));
        AccuracyReport.Row row = report.rows().get("ds | python");
        assertEquals(5, row.cases());
        assertEquals(0.4, row.agreement(), 1e-9);
        assertEquals(0.5, row.canonicalPassRate(), 1e-9);
        String md = report.markdown();
        assertTrue(md.contains("| ds | python | 5 | 40.0% | 1/2 (50.0%) | 1/3 (33.3%) | 1 | 1 | 1 | 0.250 | 0.100 |"), md);
        assertTrue(md.contains("Disagreements (3)"), md);
        assertTrue(md.contains("| ds | python | d | buggy | passed | all_tests_passed | why |"), md);
    }
}
