package dev.arbiter.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Files to place in the work directory and the steps to run there, in order. A step that fails (non-zero exit,
 * timeout, killed) stops the job when it is marked {@code stopOnFailure}.
 */
public record SandboxJob(Map<String, SandboxFile> files, List<Step> steps) {

    /**
     * One file. A judge-only file (tests, the runner's meta file with the nonce) is readable by the runner alone
     * (root, mode 0400): the candidate's uid can neither read it nor compile it in.
     */
    public record SandboxFile(byte[] content, boolean readOnly, boolean judgeOnly) {
        public static SandboxFile writable(byte[] content) {
            return new SandboxFile(content, false, false);
        }

        public static SandboxFile readOnly(byte[] content) {
            return new SandboxFile(content, true, false);
        }

        public static SandboxFile judgeOnly(byte[] content) {
            return new SandboxFile(content, true, true);
        }

        /** The file's permission bits in the work dir. */
        public int mode() {
            return judgeOnly ? 0400 : readOnly ? 0444 : 0644;
        }
    }

    /**
     * One command. A {@code runner} step is the runtime's own trusted runner: it starts as root with only the
     * capabilities to change uids and runs the candidate under its own uid. Any other step (a whole program, a
     * repository's test command) runs as the candidate's uid from the start.
     */
    public record Step(String name, List<String> command, Duration timeout, boolean stopOnFailure, boolean runner) {
        public Step(String name, List<String> command, Duration timeout, boolean stopOnFailure) {
            this(name, command, timeout, stopOnFailure, false);
        }

        public static Step runner(String name, List<String> command, Duration timeout) {
            return new Step(name, command, timeout, true, true);
        }
    }
}
