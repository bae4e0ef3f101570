package dev.arbiter.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Dimension;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskFeaturesTest {
    @Test
    void benchmarkIdsGiveTheirSourceAndTokens() {
        TaskFeatures f = TaskFeatures.of(new RouteTask("dim2_lcb_abc373_b", Dimension.ALGORITHM, null, null, null, null));
        assertEquals("lcb", f.group());
        assertTrue(f.tokens().containsAll(java.util.List.of("id:abc", "id:b")), f.tokens().toString());
        TaskFeatures hex = TaskFeatures.of(new RouteTask("dim7_hex_python_Python/1", Dimension.MULTI_LANGUAGE, "python", "x".repeat(500), null,
                Map.of("difficulty", "Very Hard")));
        assertEquals("hex", hex.group());
        assertTrue(hex.tokens().contains("meta:difficulty=very_hard"), hex.tokens().toString());
        assertTrue(hex.tokens().contains("len#8"), hex.tokens().toString());
    }

    @Test
    void otherIdsFallBackToMetadataSourceOrLanguage() {
        assertEquals("go", TaskFeatures.of(new RouteTask("my-task-7", Dimension.CODE_GENERATION, "go", null, null, null)).group());
        assertEquals("internal", TaskFeatures.of(new RouteTask("t", Dimension.CODE_GENERATION, "go", null, null,
                Map.of("source", "internal"))).group());
    }

    @Test
    void encodingRoundTripsAndVectorsAreStable() {
        TaskFeatures f = TaskFeatures.of(new RouteTask("dim9_lcb_testgen_3460", Dimension.TEST_GENERATION, "python", null, null, null));
        TaskFeatures back = TaskFeatures.parse(f.encode());
        assertEquals(f, back);
        assertArrayEquals(f.vector(), back.vector());
    }

    @Test
    void featuresWithSpacesComeBackAsTheDecisionUsedThem() {
        TaskFeatures f = TaskFeatures.of(new RouteTask("ticket 42", Dimension.BUG_FIXING, "Objective C", "fix it", null,
                Map.of("source", "Big Code Bench", "team", "core  platform")));
        assertEquals("Big Code Bench", f.group());
        assertTrue(f.tokens().contains("lang:objective c"), f.tokens().toString());
        TaskFeatures back = TaskFeatures.parse(f.encode());
        assertEquals(f, back);
        assertArrayEquals(f.vector(), back.vector(), "feedback learns on the vector the decision used");
    }

    @Test
    void featuresStoredBeforeTheJsonFormReadAsTheyAlwaysDid() {
        TaskFeatures old = TaskFeatures.parse("bug_fixing lcb id:abc lang:python");
        assertEquals(new TaskFeatures(Dimension.BUG_FIXING, "lcb", java.util.List.of("id:abc", "lang:python")), old);
        assertEquals("bug_fixing lcb id:abc lang:python", old.describe());
    }
}
