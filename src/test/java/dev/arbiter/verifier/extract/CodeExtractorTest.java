package dev.arbiter.verifier.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.extract.CodeExtractor.ExtractedCode;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodeExtractorTest {
    private final CodeExtractor extractor = new CodeExtractor();
    private static final Set<String> PY = Set.of("python", "py");

    @Test
    void takesTheBlockTaggedWithTheTaskLanguage() {
        String text = "Run it with:\n```bash\npython main.py\n```\nThe code:\n```python\ndef f():\n    return 1\n```\nDone.";
        ExtractedCode code = extractor.extract(text, "python", PY, "f");
        assertEquals("def f():\n    return 1\n", code.code());
        assertEquals(1, code.blockIndex());
        assertEquals(2, code.blocks());
    }

    @Test
    void prefersTheBlockNamingTheEntryPointOverALongerOne() {
        String text = "```py\n" + "x = 1\n".repeat(20) + "```\n```py\ndef solve():\n    pass\n```";
        ExtractedCode code = extractor.extract(text, "python", PY, "solve");
        assertEquals(1, code.blockIndex());
        assertTrue(code.reason().contains("solve"), code.reason());
    }

    @Test
    void untaggedBlockIsUsedWhenNoneIsTagged() {
        ExtractedCode code = extractor.extract("```\ndef f(): return 1\n```", "python", PY, "f");
        assertEquals("def f(): return 1\n", code.code());
        assertEquals("untagged block", code.reason());
    }

    @Test
    void textWithoutFencesIsTakenWhole() {
        ExtractedCode code = extractor.extract("    return x + 1\n", "python", PY, "f");
        assertEquals("whole_text", code.source());
        assertEquals("    return x + 1\n", code.code());
        assertNull(code.blockIndex());
    }

    @Test
    void unterminatedFenceRunsToTheEnd() {
        ExtractedCode code = extractor.extract("```python\ndef f():\n    return 1\n", "python", PY, "f");
        assertEquals("def f():\n    return 1\n", code.code());
    }

    @Test
    void tildeFencesAndLongerFencesWork() {
        ExtractedCode code = extractor.extract("~~~python\nA\n~~~\n````python\nB ``` inside\n````", "python", PY, null);
        assertEquals(2, code.blocks());
    }

    @Test
    void emptyResponseHasNoCode() {
        ExtractedCode code = extractor.extract("  \n", "python", PY, "f");
        assertEquals("", code.code());
        assertEquals("none", code.source());
    }
}
