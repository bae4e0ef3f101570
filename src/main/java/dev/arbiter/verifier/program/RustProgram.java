package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.program.boundary.RustBoundary;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rust: the judge's crate (the tests, the prompt's trusted items and stubs of the functions the tests call, built by
 * {@code rustc --test}) and the candidate's crate (its code and a generated call server) are compiled apart as
 * different uids and run as separate processes, one pair per test, by the image's supervisor, which reports. A
 * signature that cannot cross the boundary keeps the run in one crate, hardened (see RustBoundary).
 */
@ApplicationScoped
public class RustProgram implements ProgramBuilder {
    private static final Pattern USE = Pattern.compile("^use\\s");
    private static final Pattern HAS_USE = Pattern.compile("(?m)^use\\s");

    @Override
    public String language() {
        return "rust";
    }

    @Override
    public Set<String> fenceTags() {
        return Set.of("rust", "rs");
    }

    @Override
    public Program build(Task task, String code, Runtime runtime, String nonce) {
        String source = assemble(task, code);
        RustBoundary.Split split = RustBoundary.split(task.prompt(), randCompat(source),
                task.hasTests() ? randCompat(task.tests()) : "", task.entryPoint() == null ? "main" : task.entryPoint());
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put("cand.rs", SandboxFile.readOnly(Sources.utf8(split.candidate())));
        if (split.plan().process()) {
            files.put("judge.rs", SandboxFile.judgeOnly(Sources.utf8(split.judge())));
        }
        int deadline = runtime.limits().runTimeoutSeconds() * 1000 - 500;
        files.put("meta.txt", SandboxFile.judgeOnly(Sources.utf8(split.plan().meta(nonce, "libtest", deadline, split.tests(),
                split.plan().process()))));
        List<String> compile = new ArrayList<>(runtime.compile());
        compile.add(split.plan().mode());
        List<SandboxJob.Step> steps = List.of(
                SandboxJob.Step.runner("compile", compile, Sources.seconds(runtime.limits().compileTimeoutSeconds())),
                Sources.runStep(runtime));
        return new Program(source, new SandboxJob(files, steps), null, "rustc");
    }

    private static final Pattern GEN_RANGE_TWO_ARGS = Pattern.compile("\\.gen_range\\(\\s*([^,()]+?)\\s*,\\s*([^,()]+?)\\s*\\)");

    /**
     * rand 0.7's {@code rng.gen_range(a, b)} becomes rand 0.8's {@code rng.gen_range(a..b)}: the image has rand 0.8
     * (Debian's), while much model output and HumanEvalPack's Rust tests use the 0.7 form.
     */
    public static String randCompat(String source) {
        return GEN_RANGE_TWO_ARGS.matcher(source).replaceAll(".gen_range($1..$2)");
    }

    /**
     * A top-level definition of the entry point means a whole answer: it gets the prompt's {@code use} lines unless it
     * brings its own (Rust refuses a name imported twice). Anything else completes the prompt.
     */
    static String assemble(Task task, String code) {
        String entry = task.entryPoint();
        if (entry == null) {
            return code;
        }
        Pattern defines = Pattern.compile("(?m)^(pub\\s+)?fn\\s+" + Pattern.quote(entry) + "\\s*[<(]");
        if (defines.matcher(code).find()) {
            return HAS_USE.matcher(code).find() ? code : Sources.headerLines(task.prompt(), USE) + code;
        }
        return Sources.join(task.prompt(), code);
    }
}
