package dev.arbiter.sandbox.runtime;

import java.util.List;

/**
 * One sandbox runtime: its language, the image built from sandbox-images/&lt;folder&gt;, the files it expects and the
 * commands that compile and run a candidate. A runtime with an {@code agent} keeps that program as PID 1 of its warm
 * containers: it takes a one-step job on stdin and runs it without {@code docker exec}. {@code standalone} (may be
 * null) builds and runs a candidate as a whole program, for input/output cases.
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
        List<String> agent,
        Standalone standalone,
        Limits limits) {

    public boolean hasAgent() {
        return !agent.isEmpty();
    }

    public boolean compiles() {
        return !compile.isEmpty();
    }
}
