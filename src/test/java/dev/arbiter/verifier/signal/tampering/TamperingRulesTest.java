package dev.arbiter.verifier.signal.tampering;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TamperingRulesTest {
    @TempDir
    Path dir;

    @Test
    void theShippedRulesAreValid() {
        TamperingRules rules = TamperingRules.load(Path.of("verifier-rules", "tampering.yaml"),
                new TamperingDetector.GrammarVocabulary());
        assertFalse(rules.rules().isEmpty());
        assertFalse(rules.shadowing().files().isEmpty());
    }

    @Test
    void anUnknownNodeTypeIsRefusedWithFileLineAndProblem() throws Exception {
        Path file = dir.resolve("tampering.yaml");
        Files.writeString(file, """
                rules:
                  - id: ok-rule
                    language: python
                    nodes: [call]
                    names: [x]
                    message: m
                  - id: bad-rule
                    language: python
                    nodes: [atribute]
                    names: [sys.settrace]
                    message: m
                """);
        var e = assertThrows(IllegalStateException.class,
                () -> TamperingRules.load(file, new TamperingDetector.GrammarVocabulary()));
        assertTrue(e.getMessage().contains(file + ":9: rule bad-rule: nodes: the python grammar has no node type atribute"),
                e.getMessage());
    }

    @Test
    void anUnknownFieldABadPatternAndAnUnknownKeyAreRefused() throws Exception {
        Path file = dir.resolve("tampering.yaml");
        Files.writeString(file, """
                rules:
                  - id: r1
                    language: go
                    nodes: [function_declaration]
                    field: nom
                    pattern: '('
                    message: m
                """);
        var e = assertThrows(IllegalStateException.class,
                () -> TamperingRules.load(file, new TamperingDetector.GrammarVocabulary()));
        assertTrue(e.getMessage().contains(":5: rule r1: field: the go grammar has no field nom"), e.getMessage());
        assertTrue(e.getMessage().contains(":6: rule r1: pattern: not a regular expression"), e.getMessage());
        Files.writeString(file, "rules:\n  - id: r1\n    langauge: go\n");
        var unknown = assertThrows(IllegalStateException.class,
                () -> TamperingRules.load(file, new TamperingDetector.GrammarVocabulary()));
        assertTrue(unknown.getMessage().startsWith(file + ":3:"), unknown.getMessage());
    }
}
