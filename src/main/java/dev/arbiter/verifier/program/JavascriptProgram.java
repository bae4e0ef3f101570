package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** JavaScript: candidate and tests share one module; the harness counts each console.assert as a test. */
@ApplicationScoped
public class JavascriptProgram implements ProgramBuilder {
    private static final Pattern REQUIRE = Pattern.compile("^(const|let|var)\\s+\\w+\\s*=\\s*require\\(");

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
        String module = source + "\n;\n" + (task.hasTests() ? task.tests() : "") + "\n";
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put(runtime.sourceFile(), SandboxFile.readOnly(Sources.utf8(module)));
        files.put("meta.json", SandboxFile.readOnly(Sources.utf8(
                "{\"nonce\":\"" + nonce + "\",\"program\":" + Sources.jsonString(runtime.sourceFile()) + "}")));
        var run = SandboxJob.Step.runner("run", runtime.run(), Sources.seconds(runtime.limits().runTimeoutSeconds()));
        return new Program(source, new SandboxJob(files, List.of(run)), null, "node");
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
