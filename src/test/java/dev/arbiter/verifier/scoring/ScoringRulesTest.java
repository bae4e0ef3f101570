package dev.arbiter.verifier.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Dimension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringRulesTest {

    @Test
    void projectRulesLoadWithEveryDimension() {
        ScoringRules rules = ScoringRules.load(Path.of("verifier-rules/scoring.yaml"));
        for (Dimension d : Dimension.values()) {
            assertTrue(rules.weightsFor(d).containsKey(d == Dimension.CODE_UNDERSTANDING ? "rules" : "tests"), d.wireName());
        }
        assertTrue(rules.weightsFor(Dimension.CODE_REFACTORING).get("structure") > 0);
        assertTrue(rules.weightsFor(Dimension.TEST_GENERATION).get("kill_rate") > 0);
    }

    @Test
    void unknownDimensionIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scoring.yaml");
        Files.writeString(file, """
                default: {tests: 1.0}
                dimensions:
                  poetry: {tests: 1.0}
                gates: {syntax_error: 0, compile_error: 0, sandbox_violation: 0.1, forbidden_construct: 0.2, placeholder: 0.3}
                """);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScoringRules.load(file));
        assertTrue(e.getMessage().contains("scoring.yaml:3: dimensions.poetry"), e.getMessage());
    }

    @Test
    void badValuesAreRefusedWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scoring.yaml");
        Files.writeString(file, """
                default: {tests: 1.0, vibes: 2}
                gates: {syntax_error: 0, compile_error: 0, sandbox_violation: 7, forbidden_construct: 0.2, placeholder: 0.3}
                """);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScoringRules.load(file));
        assertTrue(e.getMessage().contains("scoring.yaml:1: default.vibes: unknown signal"), e.getMessage());
        assertTrue(e.getMessage().contains("scoring.yaml:2: gates.sandbox_violation"), e.getMessage());
        Files.writeString(file, "default: {tests: lots}\ngates: {}\n");
        e = assertThrows(IllegalStateException.class, () -> ScoringRules.load(file));
        assertTrue(e.getMessage().contains("scoring.yaml:1"), e.getMessage());
    }

    @Test
    void calibrationCurveMapsScoresAndMustBeMonotone(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("scoring.yaml");
        String gates = "gates: {syntax_error: 0, compile_error: 0, sandbox_violation: 0.1, forbidden_construct: 0.2, "
                + "placeholder: 0.3, tests_failed: 0.4, api_changed: 0.4}\n";
        Files.writeString(file, "default: {tests: 1.0}\n" + gates + "calibration:\n  algorithm: [[0.2, 0.1], [0.8, 0.9]]\n");
        ScoringRules rules = ScoringRules.load(file);
        assertEquals(0.1, rules.calibrate(Dimension.ALGORITHM, 0.0), 1e-9);
        assertEquals(0.5, rules.calibrate(Dimension.ALGORITHM, 0.5), 1e-9);
        assertEquals(0.9, rules.calibrate(Dimension.ALGORITHM, 1.0), 1e-9);
        assertEquals(0.5, rules.calibrate(Dimension.BUG_FIXING, 0.5), 1e-9);
        Files.writeString(file, "default: {tests: 1.0}\n" + gates + "calibration:\n  algorithm: [[0.2, 0.9], [0.8, 0.1]]\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ScoringRules.load(file));
        assertTrue(e.getMessage().contains("scoring.yaml:4: calibration.algorithm: scores must increase"), e.getMessage());
    }
}
