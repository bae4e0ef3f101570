package dev.arbiter.bench.accuracy;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.VerificationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * QuixBugs (Python): 40 classic algorithms, each with a one-line bug and a fix. The 31 programs with JSON test cases
 * ({@code [[args...], expected]} per line) become tasks whose tests call the function on each case; the buggy program
 * should fail, the correct one pass. The graph programs, whose tests are code, are not included.
 */
public final class QuixBugs {
    public static final String NAME = "quixbugs";

    private QuixBugs() {
    }

    public static Path root(Path dataRoot) {
        return dataRoot.resolve(NAME);
    }

    public static List<LabelledCase> python(Path dataRoot, int limit) {
        Path root = root(dataRoot);
        List<LabelledCase> cases = new ArrayList<>();
        if (!Files.isDirectory(root.resolve("json_testcases"))) {
            return cases;
        }
        try (Stream<Path> files = Files.list(root.resolve("json_testcases"))) {
            for (Path json : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                if (limit > 0 && cases.size() >= 2 * limit) {
                    break;
                }
                String name = json.getFileName().toString().replace(".json", "");
                Path buggy = root.resolve("python_programs").resolve(name + ".py");
                Path correct = root.resolve("correct_python_programs").resolve(name + ".py");
                if (!Files.exists(buggy) || !Files.exists(correct)) {
                    continue;
                }
                String tests = tests(name, Files.readAllLines(json));
                cases.add(toCase(name, tests, Files.readString(correct), true));
                cases.add(toCase(name, tests, Files.readString(buggy), false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + root, e);
        }
        return cases;
    }

    /**
     * The cases QuixBugs' own pytest suite skips by default as too slow (knapsack's largest, levenshtein's longest);
     * they are skipped here too.
     */
    private static final Map<String, String> SLOW = Map.of("knapsack", "[[6404180,", "levenshtein", "\"amanaplanacanalpanama\"");
    /** Programs whose results are compared with a tolerance, as QuixBugs' tests do (sqrt: within its epsilon argument). */
    private static final Map<String, String> TOLERANCE = Map.of("sqrt", "case[0][-1]");

    /**
     * One top-level assert per JSON line. Results are normalised as QuixBugs' tester does: generators drained, tuples
     * compared as the lists JSON has.
     */
    static String tests(String function, List<String> lines) {
        StringBuilder b = new StringBuilder("""
                import json, types

                def _arbiter_value(v):
                    if isinstance(v, types.GeneratorType):
                        v = list(v)
                    if isinstance(v, (list, tuple)):
                        return [_arbiter_value(x) for x in v]
                    return v

                def _arbiter_same(value, expected, tolerance):
                    return abs(value - expected) <= tolerance if tolerance else value == expected

                """);
        String tolerance = TOLERANCE.getOrDefault(function, "0");
        for (String line : lines) {
            if (line.isBlank() || (SLOW.containsKey(function) && line.replace(" ", "").contains(SLOW.get(function).replace(" ", "")))) {
                continue;
            }
            String quoted = "'" + line.strip().replace("\\", "\\\\").replace("'", "\\'") + "'";
            b.append("assert (lambda case: _arbiter_same(_arbiter_value(").append(function).append("(*case[0])), case[1], ")
                    .append(tolerance).append("))(json.loads(").append(quoted).append("))\n");
        }
        return b.toString();
    }

    private static LabelledCase toCase(String name, String tests, String program, boolean shouldPass) {
        String id = "QuixBugs/" + name;
        Task task = new Task(id, Dimension.BUG_FIXING, "python", "", tests, null);
        return new LabelledCase(NAME, "python", id, shouldPass ? "correct" : "buggy", shouldPass,
                new VerificationRequest(task, new Response(program, "dataset", 0.0)));
    }
}
