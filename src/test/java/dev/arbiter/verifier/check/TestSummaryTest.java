package dev.arbiter.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestSummaryTest {
    @Test
    void unittestFailuresAndErrorsAreSubtractedFromTestsRun() {
        var c = TestSummary.parse("..F.E\n----\nRan 5 tests in 0.003s\n\nFAILED (failures=1, errors=1)\n").orElseThrow();
        assertEquals(new TestSummary.Counts(3, 5), c);
        assertEquals(new TestSummary.Counts(4, 4), TestSummary.parse("Ran 4 tests in 0.1s\n\nOK\n").orElseThrow());
    }

    @Test
    void pytestGoAndTapSummariesAreCounted() {
        assertEquals(new TestSummary.Counts(3, 5), TestSummary.parse("===== 2 failed, 3 passed in 0.12s =====").orElseThrow());
        assertEquals(new TestSummary.Counts(1, 2), TestSummary.parse("--- PASS: TestA (0.00s)\n--- FAIL: TestB (0.00s)\nFAIL\n").orElseThrow());
        assertEquals(new TestSummary.Counts(7, 8), TestSummary.parse("# tests 8\n# pass 7\n# fail 1\n").orElseThrow());
    }

    @Test
    void outputWithoutASummaryHasNoCounts() {
        assertTrue(TestSummary.parse("all good\n").isEmpty());
    }
}
