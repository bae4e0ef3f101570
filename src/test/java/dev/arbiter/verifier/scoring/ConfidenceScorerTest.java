package dev.arbiter.verifier.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Status;
import org.junit.jupiter.api.Test;

class ConfidenceScorerTest {
    private final ConfidenceScorer scorer = new ConfidenceScorer();

    @Test
    void moreTestsPassedMeansMoreConfidence() {
        assertEquals(0.75, scorer.score(Status.PASSED, false, 1, 1), 1e-9);
        assertEquals(0.9375, scorer.score(Status.PASSED, false, 7, 7), 1e-9);
        assertTrue(scorer.score(Status.PASSED, false, 100, 100) > 0.99);
    }

    @Test
    void failuresLowerConfidenceButKeepItInRange() {
        double some = scorer.score(Status.FAILED, false, 4, 7);
        assertEquals(4.5 / 8, some, 1e-9);
        assertTrue(scorer.score(Status.FAILED, false, 0, 7) > 0);
    }

    @Test
    void noEvidenceIsOneHalfAndGatesAreZero() {
        assertEquals(0.5, scorer.score(Status.INDETERMINATE, false, 0, 0));
        assertEquals(0.5, scorer.score(Status.PASSED, false, 0, 0));
        assertEquals(0.0, scorer.score(Status.FAILED, true, 0, 0));
    }
}
