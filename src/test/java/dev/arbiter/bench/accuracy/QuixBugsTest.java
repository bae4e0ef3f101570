package dev.arbiter.bench.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuixBugsTest {

    @Test
    void eachJsonCaseBecomesOneAssertOnTheFunction() {
        String tests = QuixBugs.tests("gcd", List.of("[[17, 0], 17]", "", "[[\"it's\", 1], 2]"));
        assertEquals(2, tests.lines().filter(l -> l.startsWith("assert ")).count(), tests);
        assertTrue(tests.contains("_arbiter_same(_arbiter_value(gcd(*case[0])), case[1], 0))(json.loads('[[17, 0], 17]'))"), tests);
        assertTrue(tests.contains("json.loads('[[\"it\\'s\", 1], 2]')"), tests);
    }

    @Test
    void slowCasesAreSkippedAndSqrtIsComparedWithinItsEpsilon() {
        String knapsack = QuixBugs.tests("knapsack", List.of("[[100, [[60, 10]]], 10]", "[[6404180, [[382745, 825594]]], 1]"));
        assertEquals(1, knapsack.lines().filter(l -> l.startsWith("assert ")).count(), knapsack);
        assertTrue(QuixBugs.tests("sqrt", List.of("[[2, 0.01], 1.4142135623730951]")).contains("case[1], case[0][-1]))"));
    }

    @Test
    void correctAndBuggyProgramsArePairedFromTheSharedData() {
        Path data = Path.of("..", "shared", "datasets");
        assertTrue(Files.isDirectory(QuixBugs.root(data)), "QuixBugs not found at " + QuixBugs.root(data).toAbsolutePath());
        List<LabelledCase> cases = QuixBugs.python(data, 0);
        assertEquals(62, cases.size());
        assertEquals(31, cases.stream().filter(LabelledCase::shouldPass).count());
    }

    @Test
    void javaProgramsFitOneCompilationUnitWithTheirJUnitClassAsMain() {
        Path data = Path.of("..", "shared", "datasets");
        assertTrue(Files.isDirectory(QuixBugs.root(data)), "QuixBugs not found at " + QuixBugs.root(data).toAbsolutePath());
        List<LabelledCase> cases = QuixBugs.java(data, 0);
        assertEquals(80, cases.size());
        for (LabelledCase c : cases) {
            String tests = c.request().task().tests();
            String program = c.request().response().text();
            assertTrue(tests.contains("public class Main"), c.taskId());
            assertTrue(!tests.contains("package ") && !program.contains("package "), c.taskId());
            assertTrue(!program.contains("java_programs"), c.taskId());
        }
        LabelledCase knapsack = cases.stream().filter(c -> c.taskId().endsWith("/KNAPSACK")).findFirst().orElseThrow();
        assertTrue(!knapsack.request().task().tests().contains("6404180"), "the slow case is dropped");
        LabelledCase cycle = cases.stream().filter(c -> c.taskId().endsWith("/DETECT_CYCLE")).findFirst().orElseThrow();
        assertTrue(cycle.request().response().text().contains("class Node"), "graph programs carry Node");
    }
}
