package dev.arbiter.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.provider.ChatAnswer;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ChatProvider;
import dev.arbiter.provider.ProviderFailure;
import dev.arbiter.provider.ProviderUnavailableException;
import dev.arbiter.provider.TokenUsage;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Task;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped prompt templates and one attempt of one model, with a provider that answers or fails. */
class AttemptsTest {
    private static final PromptTemplates SHIPPED = new PromptTemplates(PromptTemplates.load(Path.of("verifier-rules", "prompts")));
    private static final Task HUMANEVAL = new Task("he-0", Dimension.CODE_GENERATION, "python",
            "def f():\n    \"\"\"Return 1.\"\"\"\n", "def check(candidate):\n    assert candidate() == 1  # HIDDEN_TEST", "f");

    @TempDir
    Path dir;

    /** A model that records what it was sent and answers, or fails as a provider would. */
    private static final class Scripted implements ChatProvider {
        final List<List<ChatMessage>> sent = new ArrayList<>();
        final ProviderFailure failure;

        Scripted(ProviderFailure failure) {
            this.failure = failure;
        }

        @Override
        public String model() {
            return "stub";
        }

        @Override
        public int outputTokenCap() {
            return 1000;
        }

        @Override
        public ChatAnswer chat(List<ChatMessage> messages, int maxOutputTokens) {
            sent.add(messages);
            if (failure != null) {
                throw new ProviderUnavailableException("Stub", "stub", failure, "scripted");
            }
            return new ChatAnswer("stub", "```python\ndef f():\n    return 1\n```", new TokenUsage(100, 20), 0.0004, Duration.ofMillis(5));
        }
    }

    @Test
    void everyDimensionHasATemplateAndSomeHaveTheirOwn() {
        for (Dimension d : Dimension.values()) {
            assertTrue(SHIPPED.of(d) != null, d.wireName());
        }
        assertNotEquals(SHIPPED.of(Dimension.CODE_GENERATION), SHIPPED.of(Dimension.BUG_FIXING));
        assertEquals(SHIPPED.of(Dimension.CODE_GENERATION), SHIPPED.of(Dimension.ALGORITHM));
    }

    @Test
    void theFirstMessagesCarryThePromptAndEntryPointButNeverTheTests() {
        List<ChatMessage> m = SHIPPED.first(HUMANEVAL);
        assertEquals(List.of(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER), m.stream().map(ChatMessage::role).toList());
        assertTrue(m.get(0).content().contains("python"), m.get(0).content());
        assertTrue(m.get(1).content().startsWith("def f():"), m.get(1).content());
        assertTrue(m.get(1).content().contains("must define `f`"), m.get(1).content());
        assertTrue(m.stream().noneMatch(x -> x.content().contains("HIDDEN_TEST")));
    }

    @Test
    void aSectionIsLeftOutWhenTheTaskLacksItsField() {
        Task withOriginal = new Task("b-1", Dimension.BUG_FIXING, "java", "Fix the bug.", null, null, "int one() { return 2; }");
        Task without = new Task("b-2", Dimension.BUG_FIXING, "java", "Fix the bug in: int one() { return 2; }", null, null);
        assertTrue(SHIPPED.first(withOriginal).get(1).content().contains("The code to fix:\n\n```java\nint one() { return 2; }\n```"));
        assertFalse(SHIPPED.first(without).get(1).content().contains("The code to fix"));
    }

    @Test
    void textFromTheTaskIsNeverReadAsAPlaceholder() {
        Task sly = new Task("s-1", Dimension.CODE_GENERATION, "python", "Print {{diagnosis}} and {{#prompt}}x{{/prompt}}", null, null);
        assertTrue(SHIPPED.first(sly).get(1).content().contains("Print {{diagnosis}} and {{#prompt}}x{{/prompt}}"));
    }

    @Test
    void anAnswerComesBackWithItsCostAndTheMessagesSent() {
        Scripted model = new Scripted(null);
        Attempt a = new Attempts(SHIPPED).first(HUMANEVAL, model);
        assertFalse(a.isInfrastructureFailure());
        assertEquals(0.0004, a.costUsd());
        assertEquals(model.sent.get(0), a.messages());
        assertFalse(a.repair());
    }

    @Test
    void aRepairSendsTheFailedAnswerAndTheTruncatedDiagnosisToTheSameConversation() {
        Scripted model = new Scripted(null);
        Attempts attempts = new Attempts(SHIPPED);
        Attempt first = attempts.first(HUMANEVAL, model);
        String diagnosis = "AssertionError in test_one: expected 1, got 2\n" + "x".repeat(10_000);
        Attempt repair = attempts.repair(HUMANEVAL, model, first, diagnosis);
        List<ChatMessage> m = repair.messages();
        assertEquals(List.of(ChatMessage.Role.SYSTEM, ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT, ChatMessage.Role.USER),
                m.stream().map(ChatMessage::role).toList());
        assertEquals(first.text().orElseThrow(), m.get(2).content());
        String last = m.get(3).content();
        assertTrue(last.contains("AssertionError in test_one"), last);
        assertTrue(last.contains("[diagnosis truncated]"), last);
        assertTrue(last.length() < Attempts.MAX_DIAGNOSIS_CHARS + 500, "length " + last.length());
        assertTrue(repair.repair());
    }

    @Test
    void aProviderFailureIsAnAttemptThatSaysSoAndCostsNothing() {
        Attempt a = new Attempts(SHIPPED).first(HUMANEVAL, new Scripted(ProviderFailure.TIMEOUT));
        assertTrue(a.isInfrastructureFailure());
        assertEquals(ProviderFailure.TIMEOUT, a.failure());
        assertEquals(0, a.costUsd());
        assertTrue(a.text().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new Attempts(SHIPPED).repair(HUMANEVAL, new Scripted(null), a, "x"));
    }

    private IllegalStateException refused(Map<String, String> files) throws IOException {
        for (var f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
        }
        return assertThrows(IllegalStateException.class, () -> PromptTemplates.load(dir));
    }

    private static final String GOOD = "user: |\n  {{prompt}}\nrepair: |\n  {{diagnosis}}\n";

    @Test
    void anUnknownPlaceholderNamesFileLineAndTheKnownOnes() throws IOException {
        IllegalStateException e = refused(Map.of("default.yaml", "# header\nuser: |\n  {{prompt}}\n  Tests: {{tests}}\nrepair: |\n  {{diagnosis}}\n"));
        assertTrue(e.getMessage().contains("default.yaml:4: user: unknown placeholder {{tests}}; known: "), e.getMessage());
    }

    @Test
    void theDiagnosisIsOnlyForTheRepair() throws IOException {
        IllegalStateException e = refused(Map.of("default.yaml", GOOD, "bug_fixing.yaml", "user: |\n  {{prompt}} {{diagnosis}}\nrepair: x\n"));
        assertTrue(e.getMessage().contains("bug_fixing.yaml:2: user: unknown placeholder {{diagnosis}}"), e.getMessage());
    }

    @Test
    void aFileNamedAfterNoDimensionOrWithoutDefaultStopsStartUp() throws IOException {
        IllegalStateException e = refused(Map.of("default.yaml", GOOD, "haiku.yaml", GOOD));
        assertTrue(e.getMessage().contains("haiku.yaml: the file name must be default or a dimension"), e.getMessage());
        Files.delete(dir.resolve("default.yaml"));
        Files.delete(dir.resolve("haiku.yaml"));
        Files.writeString(dir.resolve("algorithm.yaml"), GOOD);
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> PromptTemplates.load(dir));
        assertTrue(none.getMessage().contains("default.yaml: cannot read"), none.getMessage());
    }

    @Test
    void anUnclosedSectionAndAMissingRepairAreRefused() throws IOException {
        IllegalStateException e = refused(Map.of("default.yaml", "user: |\n  {{#original}}{{original}}\nrepair: x\n"));
        assertTrue(e.getMessage().contains("default.yaml: user: a {{#section}} is not closed"), e.getMessage());
        Files.writeString(dir.resolve("default.yaml"), "user: x\n");
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> PromptTemplates.load(dir));
        assertTrue(missing.getMessage().contains("default.yaml:"), missing.getMessage());
        assertTrue(missing.getMessage().contains("repair"), missing.getMessage());
    }
}
