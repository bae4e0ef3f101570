package dev.arbiter.sandbox.runtime;

import java.util.List;

/**
 * One sandbox runtime: its language, the image built from sandbox-images/&lt;folder&gt;, the files it expects and the
 * commands that compile and run a candidate.
 */
public record Runtime(
        String language,
        List<String> aliases,
        String folder,
        String image,
        String sourceFile,
        String testFile,
        List<String> compile,
        List<String> run,
        Limits limits) {

    public boolean compiles() {
        return !compile.isEmpty();
    }
}
