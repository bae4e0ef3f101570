package dev.arbiter.verifier.program;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.TypeDeclaration;
import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.Verdict.SyntaxCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java: the candidate is one compilation unit (Candidate.java), the tests another (judge-only). JavaParser checks the
 * syntax before any container is used and fits the candidate into its file: top-level types lose {@code public}, and
 * a type named like the test class (a demo Main of the model's) is dropped. {@link JavaBoundary} decides whether the
 * tests run in the judge's JVM against stubs that call the candidate's JVM, or (fallback) with the candidate's
 * classes in one JVM; the sandbox's run.sh compiles each side as its own uid and the judge writes the report.
 */
@ApplicationScoped
public class JavaProgram implements ProgramBuilder {
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?[\\w.*]+\\s*;");
    /** A top-level type starts at column 0; a local class inside a completion body is indented. */
    private static final Pattern CLASS = Pattern.compile(
            "(?m)^((public|final|abstract|sealed|non-sealed|strictfp)\\s+)*(class|interface|enum|record)\\s+\\w+");
    private static final Pattern TEST_CLASS = Pattern.compile("\\bpublic\\s+(?:final\\s+)?class\\s+(\\w+)");
    private static final int MAX_PARSE_CHARS = 1_000_000;
    /** The candidate's compilation unit; the tests are another one, judge-only, named after the test class. */
    static final String CANDIDATE_FILE = "Candidate.java";

    @Override
    public String language() {
        return "java";
    }

    @Override
    public Set<String> fenceTags() {
        return Set.of("java");
    }

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String testClass = testClass(task);
        String source = CLASS.matcher(code).find() ? Sources.headerLines(task.prompt(), IMPORT) + code
                : Sources.join(task.prompt(), code);
        if (source.length() > MAX_PARSE_CHARS) {
            return rejected(source, "program is larger than " + MAX_PARSE_CHARS + " characters", null);
        }
        ParseResult<CompilationUnit> parsed;
        try {
            parsed = parser().parse(source);
        } catch (StackOverflowError e) {
            return rejected(source, "program is nested too deeply to parse", null);
        }
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            Problem first = parsed.getProblems().isEmpty() ? null : parsed.getProblems().get(0);
            Integer line = parsed.getProblems().stream()
                    .map(p -> p.getLocation().flatMap(l -> l.getBegin().getRange().or(() -> l.toRange())))
                    .flatMap(java.util.Optional::stream).map(r -> r.begin.line).findFirst().orElse(null);
            return rejected(source, first == null ? "does not parse" : brief(first.getMessage()), line);
        }
        String fitted = fitIntoOneFile(source, parsed.getResult().get(), testClass);
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put(CANDIDATE_FILE, SandboxFile.readOnly(Sources.utf8(fitted)));
        List<SandboxJob.Step> steps = new ArrayList<>();
        if (task.hasTests()) {
            JavaBoundary.Plan plan;
            try {
                plan = JavaBoundary.plan(task.prompt(), parser().parse(fitted).getResult().orElseThrow(), task.tests(),
                        testClass);
            } catch (JavaBoundary.Shadowing e) {
                return rejected(fitted, e.getMessage(), null);
            }
            files.put(testClass + ".java", SandboxFile.judgeOnly(Sources.utf8(plan.judgeSource())));
            files.put("meta.properties", SandboxFile.judgeOnly(Sources.utf8(meta(nonce, testClass, plan, runtime))));
        } else {
            // No tests: the candidate is only compiled, as its own uid, with an empty judge unit.
            files.put(testClass + ".java", SandboxFile.judgeOnly(Sources.utf8("")));
            files.put("meta.properties", SandboxFile.judgeOnly(Sources.utf8(meta(nonce, testClass,
                    new JavaBoundary.Plan("", true, null, List.of()), runtime))));
        }
        steps.add(Sources.compileStep(runtime));
        if (task.hasTests()) {
            steps.add(Sources.runStep(runtime));
        }
        return new Program(fitted, new SandboxJob(files, steps), new SyntaxCheck(true, "javaparser", null, null), "javac");
    }

    private static String meta(String nonce, String testClass, JavaBoundary.Plan plan, Runtime runtime) {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("nonce", nonce);
        p.setProperty("testClass", testClass);
        p.setProperty("mode", plan.process() ? "process" : "in_process");
        if (plan.fallback() != null) {
            p.setProperty("fallback", plan.fallback());
        }
        p.setProperty("tests", String.join(",", plan.tests()));
        p.setProperty("testTimeoutSeconds", Integer.toString(runtime.limits().testTimeoutSeconds()));
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            p.store(w, null);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // The judge's shell reads testClass with sed: one plain line, no comment header.
        return w.toString().lines().filter(l -> !l.startsWith("#")).collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    }

    private static Program rejected(String source, String message, Integer line) {
        return new Program(source, null, new SyntaxCheck(false, "javaparser", message, line), "javaparser");
    }

    static String testClass(Task task) {
        if (!task.hasTests()) {
            return "Main";
        }
        Matcher m = TEST_CLASS.matcher(task.tests());
        return m.find() ? m.group(1) : "Main";
    }

    /** Leaves the text alone unless a top-level type must change, so compiler messages keep the candidate's lines. */
    private static String fitIntoOneFile(String source, CompilationUnit unit, String testClass) {
        boolean changed = false;
        for (TypeDeclaration<?> type : new ArrayList<>(unit.getTypes())) {
            if (type.getNameAsString().equals(testClass)) {
                type.remove();
                changed = true;
            } else if (type.hasModifier(Modifier.Keyword.PUBLIC)) {
                type.removeModifier(Modifier.Keyword.PUBLIC);
                changed = true;
            }
        }
        return changed ? unit.toString() : source;
    }

    /** JavaParser lists every token it expected; the first part of the message says what went wrong. */
    private static String brief(String message) {
        String firstLine = message.lines().findFirst().orElse(message);
        int expected = firstLine.indexOf(", expected one of");
        return expected > 0 ? firstLine.substring(0, expected) : firstLine;
    }

    private static JavaParser parser() {
        return new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    }
}
