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

/**
 * Python: a full definition of the entry point gets the prompt's imports in front; anything else is a completion
 * appended to the prompt. In the sandbox the judge compiles it (the syntax check), runs the tests in its own process
 * and calls into the candidate's process (its own uid) for each call of the candidate's code (sandbox-images/python).
 */
@ApplicationScoped
public class PythonProgram implements ProgramBuilder {
    static final String PROMPT_FILE = "prompt.py";
    private static final Pattern IMPORT = Pattern.compile("^(import\\s+\\w|from\\s+[\\w.]+\\s+import\\s)");

    @Override
    public String language() {
        return "python";
    }

    /** Wall-clock time per CPU second of run limit before the sandbox stops a job: judge.py's STARVED_FACTOR. */
    static final int WALL_BACKSTOP_FACTOR = 3;
    /** For the judge to report its own stop first (it starts after the step does: job copy, zygote). */
    private static final int BACKSTOP_MARGIN_SECONDS = 2;

    @Override
    public Set<String> fenceTags() {
        return Set.of("python", "py", "python3");
    }

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String source = assemble(task, code);
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put(runtime.sourceFile(), SandboxFile.writable(Sources.utf8(source)));
        // The tests, the prompt (whose helper functions the judge defines itself) and the meta file with the nonce are
        // the judge's alone: root-only in the container, read into the judge's memory before any candidate runs.
        files.put(runtime.testFile(), SandboxFile.judgeOnly(Sources.utf8(task.hasTests() ? task.tests() : "")));
        files.put(PROMPT_FILE, SandboxFile.judgeOnly(Sources.utf8(task.prompt() == null ? "" : task.prompt())));
        String meta = "{\"nonce\":\"" + nonce + "\",\"program\":" + Sources.jsonString(runtime.sourceFile())
                + ",\"tests\":" + Sources.jsonString(runtime.testFile())
                + ",\"prompt\":" + Sources.jsonString(PROMPT_FILE)
                + ",\"entryPoint\":" + (task.entryPoint() == null ? "null" : Sources.jsonString(task.entryPoint()))
                + ",\"testTimeoutSeconds\":" + runtime.limits().testTimeoutSeconds()
                + ",\"runTimeoutSeconds\":" + runtime.limits().runTimeoutSeconds() + "}";
        files.put("meta.json", SandboxFile.judgeOnly(Sources.utf8(meta)));
        // The judge holds the job to its run limit in CPU seconds, so that a loaded machine does not fail honest code;
        // the step's wall-clock time is only the backstop for code that sleeps or waits.
        var run = SandboxJob.Step.runner("run", runtime.run(),
                Sources.seconds(runtime.limits().runTimeoutSeconds() * WALL_BACKSTOP_FACTOR + BACKSTOP_MARGIN_SECONDS));
        return new Program(source, new SandboxJob(files, List.of(run)), null, "python-compile");
    }

    static String assemble(Task task, String code) {
        String entry = task.entryPoint();
        if (entry == null) {
            return code;
        }
        // A top-level definition starts at column 0; an indented one belongs to a completion body.
        Pattern defines = Pattern.compile("(?m)^((async\\s+)?def|class)\\s+" + Pattern.quote(entry) + "\\b|^"
                + Pattern.quote(entry) + "\\s*=");
        if (defines.matcher(code).find()) {
            return Sources.headerLines(task.prompt(), IMPORT) + code;
        }
        return Sources.join(task.prompt(), code);
    }
}
