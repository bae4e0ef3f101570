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

    private static final Task COMPLEXITY = task(new Task.AnswerKey("B", List.of("n\\s*log\\s*n", "binary search"),
            List.of("quadratic")));

    private Status status(String answer) {
        return check.check(COMPLEXITY, "python", answer, System.nanoTime()).verdict().status();
    }

    @Test
    void theHonestAnswerPasses() {
        assertEquals(Status.PASSED, status("The sort costs O(n log n) and each binary search costs O(log n), so the answer is **B**."));
        assertEquals(Status.PASSED, status("Sorting is `O(n log n)`; then a [binary search](https://en.wikipedia.org/wiki/Binary_search) per query.\n\nAnswer: B"));
    }

    @Test
    void keyPhrasesInAnHtmlCommentDoNotCount() {
        assertEquals(Status.FAILED, status("Answer: B <!-- n log n, binary search -->"));
        assertEquals(Status.FAILED, status("Answer: B <!-- n log n, binary search"));
    }

    @Test
    void keyPhrasesInHiddenElementsDoNotCount() {
        assertEquals(Status.FAILED, status("Answer: B\n<details><summary>more</summary>n log n with binary search</details>"));
        assertEquals(Status.FAILED, status("Answer: B <span style=\"display:none\">n log n binary search</span>"));
        assertEquals(Status.FAILED, status("Answer: B <div hidden>n log n binary search</div>"));
        assertEquals(Status.FAILED, status("Answer: B <span style=\"font-size:0\">n log n binary search</span>"));
    }

    @Test
    void zeroWidthCharactersAreLeftOutAndHideNothing() {
        String hiddenInTags = "Answer: B " + "n log n binary search".codePoints()
                .mapToObj(c -> new String(Character.toChars(0xE0000 + c))).reduce("", String::concat);
        assertEquals(Status.FAILED, status(hiddenInTags));
        assertEquals(Status.PASSED, status("Answer:\u200b B. Sorting is n\u200d log n, then a binary search per query."));
    }

    @Test
    void linkTargetsReferenceDefinitionsAndImagesDoNotCount() {
        assertEquals(Status.FAILED, status("Answer: [B](https://x.example/n-log-n-binary%20search)"));
        assertEquals(Status.FAILED, status("Answer: B\n\n[1]: https://x.example \"n log n binary search\""));
        assertEquals(Status.FAILED, status("Answer: B ![n log n binary search](x.png)"));
    }

    @Test
    void aCodeBlockThatOnlyListsTheKeyPhrasesDoesNotCount() {
        assertEquals(Status.FAILED, status("Answer: B\n```\nn log n\nbinary search\n```\n"));
    }

    @Test
    void textAfterALongRunOfBlankLinesAndRepeatsDoNotCount() {
        assertEquals(Status.FAILED, status("Answer: B" + "\n".repeat(40) + "n log n, binary search"));
    }

    @Test
    void anAnswerNamingEveryChoiceNamesNone() {
        assertNull(UnderstandingCheck.choice("Answer: A\nAnswer: B\nAnswer: C\nAnswer: D"));
        assertNull(UnderstandingCheck.choice("A) maybe\nB) maybe\nC) maybe\nD) maybe"));
        assertNull(UnderstandingCheck.choice("Option A, option B, option C or option D: n log n, binary search."));
        assertEquals(Status.FAILED, status("A) B) C) D): n log n with a binary search, whichever you prefer"));
        assertEquals("B", UnderstandingCheck.choice("Option A is linear, option C quadratic; the answer is B."));
    }
}
