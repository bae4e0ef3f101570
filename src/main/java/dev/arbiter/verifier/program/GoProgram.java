package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go: candidate and tests become one main_test.go of package main. Package clauses and imports of both parts are
 * merged into one import block; an import no code uses is dropped (Go refuses unused imports), and well-known packages
 * used without an import are added, as goimports would. `go test -c` compiles, the runner's TestMain reports.
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

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String source = assemble(task, code);
        String file = merge(source, task.hasTests() ? task.tests() : "");
        return new Program(source, Sources.compiledJob(runtime, file, nonce), null, "go");
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

    private static String importsOf(String prompt) {
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
