package dev.arbiter.verifier.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RunReportTest {
    private static final String N = "a1b2c3";

    @Test
    void completeReportCountsPassedTests() {
        RunReport r = RunReport.parse(N, """
                @@a1b2c3 {"t":"start"}
                @@a1b2c3 {"t":"test","name":"t1","outcome":"passed","ms":1.5}
                @@a1b2c3 {"t":"test","name":"t2","outcome":"failed","message":"assert x"}
                @@a1b2c3 {"t":"end","total":2,"passed":1}
                """);
        assertTrue(r.complete());
        assertEquals(1, r.passed());
        assertEquals("assert x", r.tests().get(1).message());
    }

    @Test
    void linesWithAnotherNonceAreIgnored() {
        RunReport r = RunReport.parse(N, """
                @@a1b2c3 {"t":"start"}
                @@ffffff {"t":"test","name":"forged","outcome":"passed"}
                @@ffffff {"t":"end","total":1,"passed":1}
                """);
        assertFalse(r.ended());
        assertEquals(0, r.tests().size());
    }

    @Test
    void reportMissingTestsItDeclaredIsIncomplete() {
        RunReport r = RunReport.parse(N, "@@a1b2c3 {\"t\":\"start\"}\n@@a1b2c3 {\"t\":\"end\",\"total\":3,\"passed\":3}\n");
        assertTrue(r.ended());
        assertFalse(r.complete());
    }

    @Test
    void nothingAfterTheEndCounts() {
        RunReport r = RunReport.parse(N, """
                @@a1b2c3 {"t":"end","total":0,"passed":0}
                @@a1b2c3 {"t":"test","name":"late","outcome":"passed"}
                """);
        assertTrue(r.complete());
        assertEquals(0, r.tests().size());
    }

    @Test
    void malformedJsonIsSkipped() {
        RunReport r = RunReport.parse(N, "@@a1b2c3 {not json\n@@a1b2c3 {\"t\":\"start\"}\n");
        assertTrue(r.started());
    }
}
