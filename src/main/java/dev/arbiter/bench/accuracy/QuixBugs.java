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
 * QuixBugs: 40 classic algorithms, each with a one-line bug and a fix, in Python and Java. Python: the 31 programs
 * with JSON test cases ({@code [[args...], expected]} per line) become tasks whose tests call the function on each
 * case (the graph programs, whose Python tests are code, are not included). Java: each program with a JUnit test
 * class in java_testcases/junit, made to fit one compilation unit (packages dropped, the test class named Main, the
 * output-formatting helper and the Node / WeightedEdge classes the graph programs use appended). The buggy program
 * should fail, the correct one pass.
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
        return toCase("python", "", name, tests, program, shouldPass);
    }

    private static LabelledCase toCase(String language, String prompt, String name, String tests, String program,
            boolean shouldPass) {
        String id = "QuixBugs/" + name;
        Task task = new Task(id, Dimension.BUG_FIXING, language, prompt, tests, null);
        return new LabelledCase(NAME, language, id, shouldPass ? "correct" : "buggy", shouldPass,
                new VerificationRequest(task, new Response(program, "dataset", 0.0)));
    }

    private static final java.util.regex.Pattern PACKAGE = java.util.regex.Pattern.compile("(?m)^\\s*package\\s+[\\w.]+\\s*;");
    private static final java.util.regex.Pattern IMPORT = java.util.regex.Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?[\\w.*]+\\s*;\\s*$");
    private static final List<String> SHARED_CLASSES = List.of("Node", "WeightedEdge");

    public static List<LabelledCase> java(Path dataRoot, int limit) {
        Path root = root(dataRoot);
        Path junit = root.resolve("java_testcases").resolve("junit");
        List<LabelledCase> cases = new ArrayList<>();
        if (!Files.isDirectory(junit)) {
            return cases;
        }
        try (Stream<Path> files = Files.list(junit)) {
            String helper = nonPublic(PACKAGE.matcher(Files.readString(junit.resolve("QuixFixOracleHelper.java"))).replaceAll(""));
            for (Path test : files.filter(p -> p.toString().endsWith("_TEST.java")).sorted().toList()) {
                if (limit > 0 && cases.size() >= 2 * limit) {
                    break;
                }
                String name = test.getFileName().toString().replace("_TEST.java", "");
                Path buggy = root.resolve("java_programs").resolve(name + ".java");
                Path correct = root.resolve("correct_java_programs").resolve(name + ".java");
                if (!Files.exists(buggy) || !Files.exists(correct)) {
                    continue;
                }
                String source = withoutSlowTests(name, Files.readString(test))
                        .replace("java_programs.", "").replace("java_testcases.junit.", "");
                StringBuilder prompt = new StringBuilder();
                var imports = IMPORT.matcher(PACKAGE.matcher(source).replaceAll(""));
                StringBuilder body = new StringBuilder();
                while (imports.find()) {
                    String line = imports.group().strip();
                    if (line.contains("import java_programs") || !line.contains(".")) {
                        continue;
                    }
                    prompt.append(line).append('\n');
                }
                body.append(IMPORT.matcher(PACKAGE.matcher(source).replaceAll("")).replaceAll(""));
                String tests = body.toString().replaceFirst("public\\s+class\\s+" + name + "_TEST\\b", "public class Main")
                        + "\n" + helper;
                cases.add(toCase("java", prompt.toString(), name, tests, program(correct), true));
                cases.add(toCase("java", prompt.toString(), name, tests, program(buggy), false));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + junit, e);
        }
        return cases;
    }

    /** The same slow cases as for Python (QuixBugs' own runner skips them too), removed from the JUnit class. */
    private static String withoutSlowTests(String name, String source) {
        String marker = SLOW.get(name.toLowerCase(java.util.Locale.ROOT));
        if (marker == null) {
            return source;
        }
        var unit = com.github.javaparser.StaticJavaParser.parse(source);
        String needle = marker.replace("[[", "").replace(",", "").replace("\"", "");
        unit.findAll(com.github.javaparser.ast.body.MethodDeclaration.class).stream()
                .filter(m -> m.toString().contains(needle)).toList()
                .forEach(com.github.javaparser.ast.Node::remove);
        return unit.toString();
    }

    /**
     * The program without its package, with the shared graph classes it uses appended (from the same folder, or the
     * buggy programs' folder: the correct programs' folder does not repeat them).
     */
    private static String program(Path file) throws IOException {
        String code = PACKAGE.matcher(Files.readString(file)).replaceAll("")
                .replaceAll("(?m)^\\s*import\\s+(correct_)?java_programs\\.[\\w.*]+\\s*;", "");
        StringBuilder b = new StringBuilder(code);
        for (String shared : SHARED_CLASSES) {
            Path other = file.resolveSibling(shared + ".java");
            if (!Files.exists(other)) {
                other = file.getParent().resolveSibling("java_programs").resolve(shared + ".java");
            }
            if (java.util.regex.Pattern.compile("\\b" + shared + "\\b").matcher(code).find() && Files.exists(other)) {
                String extra = PACKAGE.matcher(Files.readString(other)).replaceAll("");
                var imports = IMPORT.matcher(extra);
                StringBuilder head = new StringBuilder();
                while (imports.find()) {
                    head.append(imports.group().strip()).append('\n');
                }
                b.insert(0, head);
                b.append('\n').append(nonPublic(IMPORT.matcher(extra).replaceAll("")));
            }
        }
        return b.toString();
    }

    private static String nonPublic(String code) {
        return code.replaceAll("(?m)^public\\s+class\\s+", "class ");
    }
}
