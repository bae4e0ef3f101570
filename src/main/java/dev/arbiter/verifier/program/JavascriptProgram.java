package dev.arbiter.verifier.program;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JavaScript: the candidate's program and the tests go to the sandbox as separate files. The judge (harness.js) runs
 * the tests in its own process and calls the candidate's top-level functions in the candidate's process; the tests
 * and the meta file (nonce, names, budgets) are judge-only. Each console.assert / assert call is one test.
 */
@ApplicationScoped
public class JavascriptProgram implements ProgramBuilder {
    private static final Pattern REQUIRE = Pattern.compile("^(const|let|var)\\s+\\w+\\s*=\\s*require\\(");
    static final String TESTS_FILE = "tests.json";

    private final ObjectMapper json;

    public JavascriptProgram(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public String language() {
        return "javascript";
    }

    @Override
    public Set<String> fenceTags() {
        return Set.of("javascript", "js", "node", "nodejs", "jsx");
    }

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String source = assemble(task, code);
        String tests = task.hasTests() ? task.tests() : "";
        JavascriptSource.Helpers helpers = JavascriptSource.helpers(task.prompt(), task.entryPoint());
        Set<String> names = new LinkedHashSet<>(JavascriptSource.topLevelNames(source));
        names.addAll(JavascriptSource.calledNames(tests));
        names.removeAll(helpers.names());
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("nonce", nonce);
        meta.put("program", runtime.sourceFile());
        meta.put("tests", TESTS_FILE);
        meta.put("entryPoint", task.entryPoint());
        meta.put("names", List.copyOf(names));
        meta.put("helpers", helpers.source());
        meta.put("helperNames", helpers.names());
        // Tests written as the answer (test generation) are not the judge's to run: they run with the candidate.
        meta.put("testsTrusted", task.dimension() != Dimension.TEST_GENERATION);
        meta.put("runTimeoutMs", runtime.limits().runTimeoutSeconds() * 1000);
        meta.put("testTimeoutMs", runtime.limits().testTimeoutSeconds() * 1000);
        meta.put("outputCap", runtime.limits().outputKb() * 1024);
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put(runtime.sourceFile(), SandboxFile.readOnly(Sources.utf8(source)));
        files.put(TESTS_FILE, SandboxFile.judgeOnly(bytes(Map.of("statements", JavascriptSource.statements(tests)))));
        files.put("meta.json", SandboxFile.judgeOnly(bytes(meta)));
        var run = SandboxJob.Step.runner("run", runtime.run(), Sources.seconds(runtime.limits().runTimeoutSeconds()));
        return new Program(source, new SandboxJob(files, List.of(run)), null, "node");
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String assemble(Task task, String code) {
        String entry = task.entryPoint();
        if (entry == null) {
            return code;
        }
        // A top-level definition starts at column 0; `let f = 1` inside a completion body is indented.
        Pattern defines = Pattern.compile("(?m)^(export\\s+)?(async\\s+)?function\\s*\\*?\\s*" + Pattern.quote(entry)
                + "\\s*\\(|^(export\\s+)?(const|let|var)\\s+" + Pattern.quote(entry) + "\\s*=");
        if (defines.matcher(code).find()) {
            return Sources.headerLines(task.prompt(), REQUIRE) + code;
        }
        return Sources.join(task.prompt(), code);
    }
}
