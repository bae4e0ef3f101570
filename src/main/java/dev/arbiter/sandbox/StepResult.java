package dev.arbiter.sandbox;

/** What one step did. {@code killedBy} says why the sandbox stopped it, or is null when it ended on its own. */
public record StepResult(
        String name,
        Integer exitCode,
        KillCause killedBy,
        String stdout,
        boolean stdoutTruncated,
        String stderr,
        boolean stderrTruncated,
        long durationMs) {

    public boolean succeeded() {
        return killedBy == null && exitCode != null && exitCode == 0;
    }
}
