package dev.arbiter.verifier.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputMatchTest {
    @Test
    void trailingSpacesAndBlankLinesDoNotMatterButContentDoes() {
        assertTrue(OutputMatch.matches("6  \r\n\n\n", "6\n"));
        assertTrue(OutputMatch.matches("1 2\n3\n", "1 2\n3"));
        assertFalse(OutputMatch.matches("7\n", "6\n"));
        assertFalse(OutputMatch.matches("", "6\n"));
        assertFalse(OutputMatch.matches("6 6\n", "6\n"));
    }

    @Test
    void numbersMatchWithinOnePartInAMillion() {
        assertTrue(OutputMatch.matches("0.3333333\n", "0.333333333"));
        assertTrue(OutputMatch.matches("1e3", "1000.0000001"));
        assertFalse(OutputMatch.matches("0.333", "0.3333333"));
        assertFalse(OutputMatch.matches("abc", "abd"));
    }
}
