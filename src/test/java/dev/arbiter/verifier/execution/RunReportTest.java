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
    void aLineAfterTheEndIsAForgery() {
        RunReport r = RunReport.parse(N, """
                @@a1b2c3 {"t":"start"}
                @@a1b2c3 {"t":"end","total":0,"passed":0}
                @@a1b2c3 {"t":"test","name":"late","outcome":"passed"}
                """);
        assertEquals("a 'test' line after the report's end", r.forged());
        assertFalse(r.complete());
    }

    @Test
    void aSecondStartOrEndIsAForgery() {
        RunReport twoStarts = RunReport.parse(N, """
                @@a1b2c3 {"t":"start"}
                @@a1b2c3 {"t":"test","name":"t1","outcome":"failed"}
                @@a1b2c3 {"t":"start"}
                @@a1b2c3 {"t":"test","name":"t1","outcome":"passed"}
                @@a1b2c3 {"t":"end","total":1,"passed":1}
                """);
        assertEquals("a second start", twoStarts.forged());
        assertFalse(twoStarts.complete());
        RunReport twoEnds = RunReport.parse(N, """
                @@a1b2c3 {"t":"start"}
                @@a1b2c3 {"t":"end","total":0,"passed":0}
                @@a1b2c3 {"t":"end","total":0,"passed":0}
                """);
        assertFalse(twoEnds.complete());
    }

    @Test
    void aLineBeforeTheStartIsAForgery() {
        RunReport r = RunReport.parse(N, """
                @@a1b2c3 {"t":"end","total":0,"passed":0}
                @@a1b2c3 {"t":"start"}
                """);
        assertFalse(r.complete());
        assertEquals("a 'end' line before the report's start", r.forged());
    }

    @Test
    void malformedLineWithTheNonceIsAForgery() {
        RunReport r = RunReport.parse(N, "@@a1b2c3 {\"t\":\"start\"}\n@@a1b2c3 {not json\n");
        assertTrue(r.started());
        assertEquals("a report line does not parse", r.forged());
    }

    @Test
    void boundaryAndCandidateEndAreRead() {
        RunReport r = RunReport.parse(N, """
                @@a1b2c3 {"t":"start","boundary":"process"}
                @@a1b2c3 {"t":"test","name":"t1","outcome":"error","message":"the candidate exited"}
                @@a1b2c3 {"t":"candidate","exit":null,"signal":9,"oom":true,"during":"t1"}
                @@a1b2c3 {"t":"end","total":1,"passed":0,"boundary":"in_process","fallback":"callback argument"}
                """);
        assertTrue(r.complete());
        assertEquals("in_process", r.boundary());
        assertEquals("callback argument", r.fallback());
        assertEquals(9, r.candidate().signal());
        assertTrue(r.candidate().oom());
    }
}
