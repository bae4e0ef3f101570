package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Verdict.SyntaxCheck;
import dev.arbiter.verifier.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go: the candidate's file (cand.go) and the tests (judge_test.go, judge-only) are separate files, each with its own
 * package clause and the imports it uses (an import no code uses is dropped, as Go refuses them, and well-known
 * packages used without an import are added, as goimports would). {@link GoBoundary} decides whether the tests run
 * in the judge's own binary against stubs that call the candidate's call server, or (fallback) in one test binary
 * with the candidate, test by test under a supervisor. //go:embed and //go:linkname are refused outright.
 */
@ApplicationScoped
public class GoProgram implements ProgramBuilder {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+\\w+\\s*;?\\s*$");
    private static final Pattern IMPORT_BLOCK = Pattern.compile("(?ms)^import\\s*\\((.*?)\\)");
    private static final Pattern IMPORT_LINE = Pattern.compile("(?m)^import\\s+((?:[\\w.]+\\s+)?\"[^\"]+\")\\s*;?\\s*$");
    private static final Pattern SPEC = Pattern.compile("(?:([\\w.]+)\\s+)?\"([^\"]+)\"");
    /**
     * Packages added when the code uses them without importing them, as goimports would: the test machinery and the
     * standard packages that benchmark solutions reach for (HumanEvalPack omits some of their imports).
     */
    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("testing", "testing"), Map.entry("assert", "github.com/stretchr/testify/assert"),
            Map.entry("fmt", "fmt"), Map.entry("math", "math"), Map.entry("strings", "strings"),
            Map.entry("strconv", "strconv"), Map.entry("sort", "sort"), Map.entry("bytes", "bytes"),
            Map.entry("unicode", "unicode"), Map.entry("utf8", "unicode/utf8"), Map.entry("regexp", "regexp"),
            Map.entry("rand", "math/rand"), Map.entry("big", "math/big"), Map.entry("bits", "math/bits"),
            Map.entry("md5", "crypto/md5"), Map.entry("hex", "encoding/hex"), Map.entry("errors", "errors"),
            Map.entry("time", "time"), Map.entry("reflect", "reflect"), Map.entry("bufio", "bufio"),
            Map.entry("os", "os"));

    @Override
    public String language() {
        return "go";
    }

    @Override
    public Set<String> fenceTags() {
        return Set.of("go", "golang");
    }

    /** Build-time reach into files or the runtime: refused in the candidate's code whatever the mode. */
    private static final Pattern REFUSED = Pattern.compile("(?m)^\\s*//go:(embed|linkname)\\b|\"embed\"");

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String source = assemble(task, code);
        Matcher refused = REFUSED.matcher(source);
        if (refused.find()) {
            int line = (int) source.substring(0, refused.start()).chars().filter(c -> c == '\n').count() + 1;
            return new Program(source, null, new SyntaxCheck(false, "go", "the candidate uses " + refused.group().strip()
                    + ", which reaches files or the runtime at build time; refused", line), "go");
        }
        GoBoundary.Plan plan = GoBoundary.plan(task.prompt(), source, task.hasTests() ? task.tests() : "");
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put(runtime.sourceFile(), SandboxFile.readOnly(Sources.utf8(plan.candidate())));
        if (plan.process()) {
            files.put("arbiter_server.go", SandboxFile.readOnly(Sources.utf8(plan.server())));
        }
        files.put("judge_test.go", SandboxFile.judgeOnly(Sources.utf8(plan.judge())));
        String meta = "nonce=" + nonce + "\nmode=" + (plan.process() ? "process" : "in_process") + "\nfallback="
                + (plan.fallback() == null ? "" : plan.fallback().replace('\n', ' ')) + "\ntests="
                + String.join(",", plan.tests()) + "\nbudget=" + runtime.limits().testTimeoutSeconds() + "\n";
        files.put("meta.txt", SandboxFile.judgeOnly(Sources.utf8(meta)));
        List<SandboxJob.Step> steps = task.hasTests() ? List.of(Sources.compileStep(runtime), Sources.runStep(runtime))
                : List.of(Sources.compileStep(runtime));
        return new Program(source, new SandboxJob(files, steps), null, "go");
    }

    static String assemble(Task task, String code) {
        String entry = task.entryPoint();
        if (entry == null) {
            return code;
        }
        Pattern defines = Pattern.compile("(?m)^func\\s+(\\([^)]*\\)\\s*)?" + Pattern.quote(entry) + "\\s*[\\[(]");
        if (defines.matcher(code).find()) {
            return importsOf(task.prompt()) + code;
        }
        return Sources.join(task.prompt(), code);
    }

    static String importsOf(String prompt) {
        StringBuilder b = new StringBuilder();
        Matcher block = IMPORT_BLOCK.matcher(prompt == null ? "" : prompt);
        while (block.find()) {
            b.append(block.group()).append('\n');
        }
        Matcher line = IMPORT_LINE.matcher(prompt == null ? "" : prompt);
        while (line.find()) {
            b.append(line.group()).append('\n');
        }
        return b.toString();
    }

    /** One file: package main, the used imports of all parts, then the parts without their own clauses. */
    static String merge(String program, String tests) {
        Set<String> specs = new LinkedHashSet<>();
        String body = strip(program, specs) + "\n\n" + strip(tests, specs);
        List<String> used = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String spec : specs) {
            Matcher m = SPEC.matcher(spec);
            if (!m.find()) {
                continue;
            }
            String alias = m.group(1);
            String path = m.group(2);
            String name = alias != null ? alias : path.substring(path.lastIndexOf('/') + 1);
            boolean keep = "_".equals(name) || ".".equals(name) || Pattern.compile("\\b" + Pattern.quote(name) + "\\.").matcher(body).find();
            if (keep && names.add(name + " " + path)) {
                used.add(spec);
            }
        }
        new java.util.TreeMap<>(KNOWN).forEach((name, path) -> {
            boolean imported = names.stream().anyMatch(n -> n.startsWith(name + " ") || n.endsWith(" " + path));
            // A package member is exported (upper case); `x.Len` on a local variable named like a package is rare.
            if (!imported && Pattern.compile("(?<![\\w.])" + name + "\\.[A-Z]").matcher(body).find()) {
                used.add("\"" + path + "\"");
                names.add(name + " " + path);
            }
        });
        StringBuilder file = new StringBuilder("package main\n\n");
        if (!used.isEmpty()) {
            file.append("import (\n");
            used.forEach(s -> file.append("    ").append(s).append('\n'));
            file.append(")\n\n");
        }
        return file.append(body).append('\n').toString();
    }

    private static String strip(String part, Set<String> specs) {
        String rest = PACKAGE.matcher(part).replaceAll("");
        Matcher block = IMPORT_BLOCK.matcher(rest);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            for (String line : block.group(1).split("[\\n;]")) {
                String spec = line.replaceAll("//.*$", "").strip();
                if (!spec.isEmpty()) {
                    specs.add(spec);
                }
            }
            block.appendReplacement(out, "");
        }
        block.appendTail(out);
        Matcher single = IMPORT_LINE.matcher(out.toString());
        StringBuilder out2 = new StringBuilder();
        while (single.find()) {
            specs.add(single.group(1).strip());
            single.appendReplacement(out2, "");
        }
        single.appendTail(out2);
        return out2.toString().strip();
    }
}
