package dev.arbiter.verifier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Task.StdioTest;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleExtractorTest {
    private final ExampleExtractor extractor = new ExampleExtractor();

    @Test
    void contestStyleSamplesArePairedInOrder() {
        String prompt = """
                Read n numbers and print their sum.

                Sample Input 1
                3
                1 2 3
                Sample Output 1
                6

                Sample Input 2
                1
                -5

                Sample Output 2
                -5
                Explanation
                Only one number.
                """;
        assertEquals(List.of(new StdioTest("3\n1 2 3\n", "6\n"), new StdioTest("1\n-5\n", "-5\n")), extractor.examples(prompt));
    }

    @Test
    void fencedAndInlineBlocksAreRead() {
        String prompt = """
                ### Example
                **Input:**
                ```
                hello world
                ```
                **Output:**
                ```
                HELLO WORLD
                ```
                Example 2: Input: `abc` Output: `ABC`
                Input: xyz
                Output: XYZ
                """;
        List<StdioTest> cases = extractor.examples(prompt);
        assertEquals(new StdioTest("hello world\n", "HELLO WORLD\n"), cases.get(0));
        assertEquals(new StdioTest("xyz\n", "XYZ\n"), cases.get(cases.size() - 1));
    }

    @Test
    void promptsWithoutPairedExamplesGiveNone() {
        assertTrue(extractor.examples("Write a function that adds two numbers.").isEmpty());
        assertTrue(extractor.examples("Input: a list of numbers.\nReturn the largest.").isEmpty());
    }
}
