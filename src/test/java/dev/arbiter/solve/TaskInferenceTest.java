package dev.arbiter.solve;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ChatMessage.Role;
import dev.arbiter.verifier.Dimension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dimension and language of conversations as developers and agents write them. */
class TaskInferenceTest {
    private static final String PY = "```python\ndef mean(xs):\n    return sum(xs) / len(xs) + 1\n```";
    private final TaskInference inference = new TaskInference();

    private TaskInference.Inferred user(String text) {
        return inference.infer(List.of(ChatMessage.user(text)));
    }

    private static final String[][] EACH_DIMENSION_FROM_A_TYPICAL_PHRASING = {
            {"bug_fixing", "Fix the bug in this function, it returns the wrong average:"},
            {"bug_fixing", "There's a bug here somewhere, the loop never ends."},
            {"bug_fixing", "Why does this fail with an IndexError when the list is empty?"},
            {"bug_fixing", "This doesn't work for negative numbers, can you help?"},
            {"test_generation", "Write unit tests for this function."},
            {"test_generation", "Generate pytest test cases covering the edge cases of mean."},
            {"code_understanding", "Explain what this does."},
            {"code_understanding", "What does this function do, line by line?"},
            {"code_understanding", "Summarize this snippet in two sentences."},
            {"code_refactoring", "Refactor this to be more readable."},
            {"code_refactoring", "Clean this up and simplify it without changing its behaviour."},
            {"code_completion", "Complete this function:"},
            {"multi_language", "Translate this from Python to Rust."},
            {"multi_language", "Port this code to Go please."},
            {"data_science", "Using pandas, load sales.csv and compute the mean revenue per region with groupby."},
            {"data_science", "Train a scikit-learn classifier on this dataset and report cross-validation accuracy."},
            {"algorithm", "Given an array of n integers (1 <= n <= 10^5), find the length of the longest increasing subsequence. Input format: n, then the array."},
            {"code_generation", "Write a function that returns the n-th Fibonacci number."},
    };

    @Test
    void eachDimensionFromATypicalPhrasing() {
        assertAll(Arrays.stream(EACH_DIMENSION_FROM_A_TYPICAL_PHRASING).map(row -> () -> {
            TaskInference.Inferred got = user(row[1] + "\n\n" + PY);
            assertEquals(Dimension.fromWire(row[0]), got.dimension(), row[1] + " -> " + got.basis());
        }));
    }

    @Test
    void agentSystemPromptWithToolsAndARepositoryIsAgentic() {
        var got = inference.infer(List.of(
                ChatMessage.system("You are an autonomous coding agent. You have access to the following tools: read_file, "
                        + "str_replace, run_terminal_cmd. Work in the repository at /workspace and run shell commands to check your changes."),
                ChatMessage.user("The login handler in src/auth/login.py rejects valid tokens; make it accept them.")));
        assertEquals(Dimension.AGENTIC_PROGRAMMING, got.dimension(), got.basis());
        assertEquals("python", got.language(), got.basis());
    }

    @Test
    void aPlainAssistantSystemPromptDoesNotMakeAnAgent() {
        var got = inference.infer(List.of(ChatMessage.system("You are a helpful programming assistant."),
                ChatMessage.user("Fix the bug:\n" + PY)));
        assertEquals(Dimension.BUG_FIXING, got.dimension(), got.basis());
    }

    @Test
    void rawSignatureWithDocstringIsCompletion() {
        var got = user("from typing import List\n\n\ndef below_zero(operations: List[int]) -> bool:\n"
                + "    \"\"\" Return True if the balance ever falls below zero.\n    >>> below_zero([1, 2, -4])\n    True\n    \"\"\"\n");
        assertEquals(Dimension.CODE_COMPLETION, got.dimension(), got.basis());
        assertEquals("python", got.language(), got.basis());
    }

    @Test
    void openBraceBodyIsCompletion() {
        var got = user("import java.util.*;\n\nclass Solution {\n    public int add(int x, int y) {\n");
        assertEquals(Dimension.CODE_COMPLETION, got.dimension(), got.basis());
        assertEquals("java", got.language(), got.basis());
    }

    private static final String[][] LANGUAGE_FROM_THE_FENCE_INFO_STRING = {
            {"python", "```py\nprint(1)\n```"},
            {"javascript", "```js\nconsole.log(1)\n```"},
            {"typescript", "```ts\nconst x: number = 1;\n```"},
            {"rust", "```rust\nfn main() {}\n```"},
            {"go", "```golang\npackage main\n```"},
            {"cpp", "```c++\nint main() {}\n```"},
            {"java", "```java\nclass A {}\n```"},
    };

    @Test
    void languageFromTheFenceInfoString() {
        assertAll(Arrays.stream(LANGUAGE_FROM_THE_FENCE_INFO_STRING).map(row -> () -> {
            var got = user("What does this print?\n" + row[1]);
            assertEquals(row[0], got.language(), row[1] + " -> " + got.basis());
        }));
    }

    private static final String[][] LANGUAGE_FROM_UNFENCED_SYNTAX = {
            {"python", "def area(r):\n    if r < 0:\n        raise ValueError('negative')\n    return 3.14 * r * r"},
            {"javascript", "const area = (r) => {\n  console.log(r);\n  return 3.14 * r * r;\n};"},
            {"typescript", "function area(r: number): number {\n  return 3.14 * r * r;\n}"},
            {"java", "public class Geo {\n    public static double area(double r) {\n        System.out.println(r);\n        return 3.14 * r * r;\n    }\n}"},
            {"go", "package geo\n\nfunc Area(r float64) float64 {\n    x := r * r\n    return 3.14 * x\n}"},
            {"cpp", "#include <vector>\nusing namespace std;\ndouble area(double r) {\n    return 3.14 * r * r;\n}"},
            {"rust", "fn area(r: f64) -> f64 {\n    let mut a = r * r;\n    a *= 3.14;\n    a\n}"},
            {"c", "#include <stdio.h>\nint main(void) {\n    printf(\"%d\\n\", 3);\n    return 0;\n}"},
    };

    @Test
    void languageFromUnfencedSyntax() {
        assertAll(Arrays.stream(LANGUAGE_FROM_UNFENCED_SYNTAX).map(row -> () -> {
            var got = user("Explain this code:\n" + row[1]);
            assertEquals(row[0], got.language(), row[1] + " -> " + got.basis());
        }));
    }

    @Test
    void languageFromAFileNameOrAShebang() {
        assertEquals("rust", user("The function in src/parser.rs panics on empty input, why?").language());
        assertEquals("go", user("Add a retry to the client in internal/http/client.go").language());
        assertEquals("python", user("```\n#!/usr/bin/env python3\nimport sys\n```\nWhat is wrong here?").language());
    }

    @Test
    void languageNamedInTheRequest() {
        assertEquals("rust", user("Write a Rust function that reverses a string.").language());
        assertEquals("go", user("Write this in Go, not Python").language());
        assertEquals("java", user("Implement a thread-safe LRU cache in Java").language());
    }

    @Test
    void translationTakesTheTargetLanguageNotTheSource() {
        var got = user("Convert this Python code to JavaScript:\n" + PY);
        assertEquals(Dimension.MULTI_LANGUAGE, got.dimension(), got.basis());
        assertEquals("javascript", got.language(), got.basis());
    }

    @Test
    void theLastUserMessageWinsOverEarlierOnes() {
        var got = inference.infer(List.of(
                ChatMessage.user("Fix the bug in this:\n" + PY),
                new ChatMessage(Role.ASSISTANT, "Here is the fixed version:\n" + PY),
                ChatMessage.user("Thanks. Now write unit tests for it.")));
        assertEquals(Dimension.TEST_GENERATION, got.dimension(), got.basis());
        assertEquals("python", got.language(), "the code of earlier turns still names the language: " + got.basis());
    }

    @Test
    void aFollowUpWithoutCueKeepsTheEarlierIntent() {
        var got = inference.infer(List.of(
                ChatMessage.user("Fix the bug in this function, it crashes on empty lists:\n" + PY),
                new ChatMessage(Role.ASSISTANT, "Could you share the traceback?"),
                ChatMessage.user("It just says ZeroDivisionError.")));
        assertEquals(Dimension.BUG_FIXING, got.dimension(), got.basis());
    }

    @Test
    void aLanguageNamedLastBeatsTheCodeOfEarlierTurns() {
        var got = inference.infer(List.of(ChatMessage.user("Write a function for the mean.\n" + PY),
                new ChatMessage(Role.ASSISTANT, PY), ChatMessage.user("Now do it in Rust.")));
        assertEquals("rust", got.language(), got.basis());
    }

    @Test
    void emptyOrNonCodeConversationIsCodeGenerationWithNoLanguage() {
        for (List<ChatMessage> c : List.of(List.<ChatMessage>of(), List.of(ChatMessage.user("")),
                List.of(ChatMessage.user("Hello! How are you today?")), List.of(ChatMessage.system("Be brief.")))) {
            var got = inference.infer(c);
            assertEquals(Dimension.CODE_GENERATION, got.dimension(), got.basis());
            assertNull(got.language(), got.basis());
            assertTrue(got.basis().contains("default"), got.basis());
        }
        assertEquals(Dimension.CODE_GENERATION, inference.infer(null).dimension());
    }

    @Test
    void aHugeMessageIsReadFast() {
        StringBuilder big = new StringBuilder("Fix the bug in this file:\n```python\n");
        while (big.length() < 200_000) {
            big.append("def f").append(big.length()).append("(x):\n    return [y * 2 for y in x if y % 3 == 0]\n\n");
        }
        big.append("```\n");
        List<ChatMessage> c = List.of(ChatMessage.user(big.toString()));
        for (int i = 0; i < 100; i++) {
            inference.infer(c);
        }
        long start = System.nanoTime();
        int runs = 50;
        TaskInference.Inferred got = null;
        for (int i = 0; i < runs; i++) {
            got = inference.infer(c);
        }
        double millis = (System.nanoTime() - start) / 1e6 / runs;
        assertEquals(Dimension.BUG_FIXING, got.dimension(), got.basis());
        assertEquals("python", got.language());
        System.out.printf("TaskInference: a 200 KB message in %.2f ms%n", millis);
        // Only a head and a tail window are read: a few milliseconds here, bounded loosely for a busy machine.
        assertTrue(millis < 50, "a 200 KB message took " + millis + " ms");
    }

    @Test
    void hostileInputNeverThrows() {
        List<String> odd = List.of("```", "```python", "```\n```\n```", "   \n\t\n  ", "\u0000\u0001```rust\n{{{{{{", "}}}}}}",
                "\"\"\"\"\"\"\"", "/* never closed", "x".repeat(100_000), "```" + "`".repeat(5000), "\n".repeat(50_000),
                "fix ".repeat(10_000), "(((((((((((((((((((((((((((((((((", "#!", "#!/usr/bin/env", "\uD800 broken surrogate",
                "translate from to into in as", "def f(:\n", "from  to  ", "C++ C# C Go go GO");
        List<ChatMessage> many = new ArrayList<>();
        for (String s : odd) {
            assertDoesNotThrow(() -> inference.infer(List.of(ChatMessage.user(s))), s.length() > 30 ? s.substring(0, 30) : s);
            many.add(ChatMessage.user(s));
            many.add(new ChatMessage(Role.ASSISTANT, s));
        }
        assertDoesNotThrow(() -> inference.infer(many));
        List<ChatMessage> withNull = new ArrayList<>();
        withNull.add(null);
        withNull.add(ChatMessage.user("Write unit tests for it"));
        assertEquals(Dimension.TEST_GENERATION, inference.infer(withNull).dimension());
    }

    @Test
    void basisSaysWhy() {
        var got = user("Fix bugs in mean.\n" + PY);
        assertTrue(got.basis().startsWith("bug_fixing from 'fix"), got.basis());
        assertTrue(got.basis().contains("python from fence ```python"), got.basis());
    }
}
