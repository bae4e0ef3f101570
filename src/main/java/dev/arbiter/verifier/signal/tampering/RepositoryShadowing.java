package dev.arbiter.verifier.signal.tampering;

import dev.arbiter.verifier.signal.tampering.TamperingRules.ConfigSection;
import dev.arbiter.verifier.signal.tampering.TamperingRules.Shadowing;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Agentic patches that add or change files the test framework or the interpreter load on their own — so that the
 * patch, not the code under test, decides what the tests see: the task's own test files, conftest.py or
 * sitecustomize.py, a unittest/ package or a module named like the standard library next to the tests, a new test
 * module that discovery would import into the test process, a test-framework section of a config file, a file the
 * test command itself runs. The paths are the {@code shadowing} section of verifier-rules/tampering.yaml.
 */
public final class RepositoryShadowing {
    public static final String RULE = "agentic-shadowing";
    private final Shadowing rules;

    public RepositoryShadowing(Shadowing rules) {
        this.rules = rules;
    }

    /**
     * The first refused path of the patch. {@code snapshot} is the repository before the patch, {@code patched} after
     * it, {@code changed} the paths the diff touched, {@code tests} the task's test files (path to content).
     */
    public Optional<TamperingFinding> find(Map<String, String> snapshot, Map<String, String> patched,
            Collection<String> changed, Map<String, String> tests, String testCommand) {
        Set<String> testDirs = (tests == null ? Set.<String>of() : tests.keySet()).stream()
                .map(RepositoryShadowing::parent).collect(Collectors.toSet());
        for (String path : changed) {
            String why = why(path, snapshot.containsKey(path), patched.get(path), tests, testDirs, testCommand);
            if (why != null) {
                return Optional.of(new TamperingFinding(RULE, path, 0, why));
            }
        }
        return Optional.empty();
    }

    private String why(String path, boolean existed, String content, Map<String, String> tests, Set<String> testDirs,
            String testCommand) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        String dir = parent(path);
        List<String> segments = List.of(path.split("/"));
        if (tests != null && tests.containsKey(path)) {
            return "the patch edits one of the task's test files, which judge it";
        }
        if (any(rules.files(), name)) {
            return "the test framework or the interpreter loads " + name + " on its own, so it can change what the tests see";
        }
        if (segments.subList(0, segments.size() - 1).stream().anyMatch(s -> any(rules.directories(), s))) {
            return "the patch writes into a directory that shadows the test framework or the interpreter's own files";
        }
        if (content != null) {
            for (ConfigSection section : rules.configSections()) {
                if (section.file().matcher(name).matches() && section.section().matcher(content).find()) {
                    return "the patch configures the test framework (" + name + ")";
                }
            }
        }
        if (testCommand != null && Pattern.compile("(^|[\\s/'\"=])" + Pattern.quote(path) + "($|[\\s'\";|&)])")
                .matcher(testCommand).find()) {
            return "the test command runs this file, so the patch would decide what the test command does";
        }
        if (existed) {
            return null;
        }
        Set<String> importRoots = new java.util.HashSet<>(testDirs);
        importRoots.add("");
        for (String root : importRoots) {
            String rest = root.isEmpty() ? path : path.startsWith(root + "/") ? path.substring(root.length() + 1) : null;
            if (rest == null) {
                continue;
            }
            int slash = rest.indexOf('/');
            String module = slash >= 0 ? rest.substring(0, slash) : rest.endsWith(".py") ? rest.substring(0, rest.length() - 3) : null;
            if (module != null && rules.stdlibModules().contains(module)) {
                return "a new module named like the standard library's " + module + ", where the tests import from, shadows the real one";
            }
        }
        if (testDirs.contains(dir) && (name.equals("__init__.py") || any(rules.testDiscovery(), name))) {
            return "a new " + name + " next to the task's tests is imported into the test process by discovery";
        }
        return null;
    }

    private static boolean any(List<Pattern> globs, String s) {
        return globs.stream().anyMatch(p -> p.matcher(s).matches());
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

}
