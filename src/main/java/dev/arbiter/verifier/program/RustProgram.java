package dev.arbiter.verifier.program;

import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.verifier.Task;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rust: candidate and tests (a {@code #[cfg(test)] mod tests}) share main.rs, compiled by {@code rustc --test} against
 * prebuilt rand, regex and md5; the runner (a separate process) runs the test binary and reports each declared test.
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
        String unit = randCompat(source + "\n" + (task.hasTests() ? task.tests() : "") + "\n");
        return new Program(source, Sources.compiledJob(runtime, unit, nonce), null, "rustc");
    }

    private static final Pattern GEN_RANGE_TWO_ARGS = Pattern.compile("\\.gen_range\\(\\s*([^,()]+?)\\s*,\\s*([^,()]+?)\\s*\\)");

    /**
     * rand 0.7's {@code rng.gen_range(a, b)} becomes rand 0.8's {@code rng.gen_range(a..b)}: the image has rand 0.8
     * (Debian's), while much model output and HumanEvalPack's Rust tests use the 0.7 form.
     */
    static String randCompat(String source) {
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
