package dev.arbiter.verifier.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PatchApplierTest {
    private final PatchApplier patches = new PatchApplier();
    private static final String ORIGINAL = "def gcd(a, b):\n    if b == 0:\n        return a\n    else:\n        return gcd(a % b, b)\n";
    private static final String FIX = """
            --- a/gcd.py
            +++ b/gcd.py
            @@ -2,4 +2,4 @@
                 if b == 0:
                     return a
                 else:
            -        return gcd(a % b, b)
            +        return gcd(b, a % b)
            """;

    @Test
    void recognisesUnifiedDiffsOnly() {
        assertTrue(patches.isUnifiedDiff(FIX));
        assertFalse(patches.isUnifiedDiff(ORIGINAL));
        assertFalse(patches.isUnifiedDiff("- item\n+ item\n"));
    }

    @Test
    void appliesAHunkToTheOriginal() {
        PatchApplier.Result result = patches.apply(ORIGINAL, FIX);
        assertNull(result.error());
        assertEquals(ORIGINAL.replace("gcd(a % b, b)", "gcd(b, a % b)"), result.code());
    }

    @Test
    void aHunkThatDoesNotMatchIsRefused() {
        PatchApplier.Result result = patches.apply("def gcd(a, b):\n    return 0\n", FIX);
        assertNull(result.code());
        assertTrue(result.error().startsWith("the diff does not apply"), result.error());
    }
}
