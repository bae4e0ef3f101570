package dev.arbiter.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Files to place in the work directory and the steps to run there, in order. A step that fails (non-zero exit,
 * timeout, killed) stops the job when it is marked {@code stopOnFailure}.
 */
public record SandboxJob(Map<String, SandboxFile> files, List<Step> steps) {

    public record SandboxFile(byte[] content, boolean readOnly) {
        public static SandboxFile writable(byte[] content) {
            return new SandboxFile(content, false);
        }

        public static SandboxFile readOnly(byte[] content) {
            return new SandboxFile(content, true);
        }
    }

    public record Step(String name, List<String> command, Duration timeout, boolean stopOnFailure) {
    }
}
