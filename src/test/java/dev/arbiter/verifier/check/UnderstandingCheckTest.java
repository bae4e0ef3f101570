package dev.arbiter.verifier.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnderstandingCheckTest {
    private final UnderstandingCheck check = new UnderstandingCheck();

    private static Task task(Task.AnswerKey key) {
        return new Task("u/1", Dimension.CODE_UNDERSTANDING, "python", "Which?", null, null, null, null, null, key, null);
    }

    @Test
    void choiceIsReadFromTheUsualWaysOfAnswering() {
        assertEquals("B", UnderstandingCheck.choice("The answer is B."));
        assertEquals("B", UnderstandingCheck.choice("**Answer:** (B) because ..."));
        assertEquals("C", UnderstandingCheck.choice("c"));
        assertEquals("D", UnderstandingCheck.choice("Reasoning first.\nD) O(m log m) is right"));
        assertEquals("2", UnderstandingCheck.choice("Option 2"));
        assertNull(UnderstandingCheck.choice("It depends on the input size."));
    }

    @Test
    void everyFactAndTheChoiceAreNeededAndAWrongClaimHalvesTheScore() {
        Task t = task(new Task.AnswerKey("A", List.of("stable", "O\\(n\\)"), List.of("in[- ]place")));
        var all = check.check(t, "python", "Answer: A. It is stable and runs in O(n).", System.nanoTime());
        assertEquals(Status.PASSED, all.verdict().status());
        assertEquals(1.0, all.rules().score());
        var partial = check.check(t, "python", "Answer: A. It is stable, and it works in place.", System.nanoTime());
        assertEquals(Status.FAILED, partial.verdict().status());
        assertEquals(List.of("O\\(n\\)"), partial.rules().factsMissing());
        assertEquals((2.0 / 3) * 0.5, partial.rules().score(), 1e-4);
    }

    @Test
    void withoutAKeyTheVerdictIsIndeterminate() {
        var none = check.check(task(null), "python", "Anything.", System.nanoTime());
        assertEquals(Status.INDETERMINATE, none.verdict().status());
        assertEquals("no_answer_key", none.verdict().reason().wireName());
    }

    @Test
    void catastrophicPatternIsStoppedAndCountsAsNotFound() {
        String answer = "a".repeat(5_000) + "!";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(UnderstandingCheck.matches("(a+)+$", answer)));
        assertFalse(UnderstandingCheck.matches("([unclosed", "text"));
        assertTrue(UnderstandingCheck.matches("BINARY\\s+search", "a binary search"));
    }
}
