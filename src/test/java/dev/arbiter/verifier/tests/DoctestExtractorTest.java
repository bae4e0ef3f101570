package dev.arbiter.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DoctestExtractorTest {
    private final DoctestExtractor extractor = new DoctestExtractor();

    @Test
    void examplesAreTakenWithTheirExpectedOutput() {
        String prompt = """
                def f(xs, k=1):
                    \"\"\" Doc.
                    >>> f([1, 2], k=2)
                    [2, 4]
                    >>> x = f([])
                    >>> f([3])
                    [3]

                    >>> print('a')
                    \"\"\"
                """;
        List<DoctestExtractor.Example> examples = extractor.examples(prompt);
        assertEquals(2, examples.size(), examples.toString());
        assertEquals("f([1, 2], k=2)", examples.get(0).expression());
        assertEquals("[2, 4]", examples.get(0).expected());
        assertEquals(3, examples.get(0).line());
    }

    @Test
    void testsAreTopLevelAssertsWithAComparisonHelper() {
        String tests = extractor.tests("    >>> g('it''s')\n    'x'\n").orElseThrow();
        assertTrue(tests.contains("def _arbiter_doctest_matches"), tests);
        assertTrue(tests.contains("assert _arbiter_doctest_matches((g('it''s')), '\\'x\\''), 'prompt line 1: g(\\'it\\'\\'s\\')'"), tests);
    }

    @Test
    void noExamplesNoTests() {
        assertTrue(extractor.tests("def f():\n    \"\"\"Nothing here.\"\"\"\n").isEmpty());
    }
}
