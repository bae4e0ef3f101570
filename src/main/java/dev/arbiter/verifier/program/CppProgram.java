package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.program.boundary.CppBoundary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * C++: the judge (the task's tests, the prompt's trusted parts and stubs of the functions the tests call) and the
 * candidate (its code and a generated call server) are separate programs, compiled apart as different uids and run
 * as separate processes by the image's supervisor, which writes the report. A signature that cannot cross the
 * boundary keeps the run in one process, with the tests and the harness still in translation units of their own.
 */
@ApplicationScoped
public class CppProgram implements ProgramBuilder {
    private static final Pattern HEADER = Pattern.compile("^\\s*(#include|using\\s+namespace)");

    @Override
    public String language() {
        return "cpp";
    }

    @Override
    public Set<String> fenceTags() {
        return Set.of("cpp", "c++", "cxx", "cc", "c");
    }

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String source = assemble(task, code);
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        List<SandboxJob.Step> steps = new ArrayList<>();
        if (!task.hasTests()) {
            // Nothing to judge: a syntax check, as the candidate's uid.
            files.put("main.cpp", SandboxFile.readOnly(Sources.utf8(source)));
            steps.add(new SandboxJob.Step("compile", List.of("g++", "-std=c++17", "-fsyntax-only", "main.cpp"),
                    Sources.seconds(runtime.limits().compileTimeoutSeconds()), true));
            return new Program(source, new SandboxJob(files, steps), null, "g++");
        }
        CppBoundary.Split split = CppBoundary.split(task.prompt(), source, returnZeroAtEndOfMain(task.tests()),
                task.entryPoint() == null ? "main" : task.entryPoint());
        files.put("cand.cpp", SandboxFile.readOnly(Sources.utf8(split.candidate())));
        files.put("judge.cpp", SandboxFile.judgeOnly(Sources.utf8(split.judge())));
        int deadline = runtime.limits().runTimeoutSeconds() * 1000 - 500;
        files.put("meta.txt", SandboxFile.judgeOnly(Sources.utf8(split.plan().meta(nonce, "single", deadline, List.of("main"), false))));
        List<String> compile = new ArrayList<>(runtime.compile());
        compile.add(split.plan().mode());
        steps.add(SandboxJob.Step.runner("compile", compile, Sources.seconds(runtime.limits().compileTimeoutSeconds())));
        steps.add(Sources.runStep(runtime));
        return new Program(source, new SandboxJob(files, steps), null, "g++");
    }

    private static final Pattern MAIN = Pattern.compile("\\bint\\s+main\\s*\\([^)]*\\)\\s*\\{");

    /**
     * Adds {@code return 0;} before the closing brace of the tests' main: once renamed, flowing off its end would be
     * undefined behaviour instead of main's implicit success.
     */
    static String returnZeroAtEndOfMain(String tests) {
        Matcher m = MAIN.matcher(tests);
        if (!m.find()) {
            return tests;
        }
        int close = matchingBrace(tests, m.end() - 1);
        return close < 0 ? tests : tests.substring(0, close) + "\nreturn 0;\n" + tests.substring(close);
    }

    /** Index of the brace closing the one at {@code open}, skipping strings, characters and comments; -1 if none. */
    static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipQuoted(s, i, c);
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                int nl = s.indexOf('\n', i);
                i = nl < 0 ? s.length() : nl;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 1;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static int skipQuoted(String s, int start, char quote) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i;
            }
        }
        return s.length();
    }

    static String assemble(Task task, String code) {
        String entry = task.entryPoint();
        if (entry == null) {
            return code;
        }
        // A definition: a line starting at column 0 with a return type, then the name and a body; a call such as
        // `if (f(n)) {` inside a completion body is indented.
        Pattern defines = Pattern.compile("(?m)^[A-Za-z_][\\w:<>,*& ]*\\b" + Pattern.quote(entry)
                + "\\s*\\([^;{]*\\)\\s*(const\\s*)?\\{");
        if (defines.matcher(code).find()) {
            return Sources.headerLines(task.prompt(), HEADER) + code;
        }
        return Sources.join(task.prompt(), code);
    }
}
