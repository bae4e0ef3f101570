package dev.arbiter.verifier.program.boundary;

import java.util.List;

/**
 * How a compiled run is judged, as the supervisor reads it from the judge-only meta file: across a process boundary
 * or, with the reason, in one process; how one test is run (a single C++ main, or libtest by name); which tests.
 */
public record Plan(boolean process, String fallback) {

    static Plan crossing() {
        return new Plan(true, null);
    }

    static Plan inProcess(String why) {
        return new Plan(false, why);
    }

    public String mode() {
        return process ? "process" : "in_process";
    }

    /**
     * The meta file. {@code tests} empty with {@code listFromJudge} means the supervisor asks the judge binary
     * (libtest {@code --list}); the candidate is never asked.
     */
    public String meta(String nonce, String kind, int deadlineMs, List<String> tests, boolean listFromJudge) {
        StringBuilder m = new StringBuilder();
        m.append("nonce ").append(nonce).append('\n');
        m.append("boundary ").append(mode()).append('\n');
        if (!process) {
            m.append("fallback ").append(fallback.replaceAll("[\\r\\n]+", " ")).append('\n');
        }
        m.append("kind ").append(kind).append('\n');
        m.append("deadline_ms ").append(deadlineMs).append('\n');
        if (listFromJudge) {
            m.append("list 1\n");
        }
        tests.forEach(t -> m.append("test ").append(t.replaceAll("[\\r\\n]+", " ")).append('\n'));
        return m.toString();
    }
}
