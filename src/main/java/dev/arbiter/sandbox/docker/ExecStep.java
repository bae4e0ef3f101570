package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.KillCause;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectExecResponse;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;

/**
 * Runs one command in a sandbox container through {@code docker exec}, as the given user, with a wall-clock
 * limit that kills the container, capped output and, when given, bytes fed to stdin.
 */
final class ExecStep {
    private static final int SIGKILL_EXIT = 137;

    private final DockerClient docker;
    private final ContainerFactory containers;
    private final ContainerProbe probe;

    ExecStep(DockerClient docker, ContainerFactory containers) {
        this.docker = docker;
        this.containers = containers;
        this.probe = new ContainerProbe(docker);
    }

    StepResult run(SandboxContainer container, String name, List<String> command, String user, byte[] stdin,
            Duration timeout, int outputCap) {
        long started = System.nanoTime();
        String execId;
        try {
            execId = docker.execCreateCmd(container.id())
                    .withCmd(command.toArray(String[]::new))
                    .withUser(user)
                    .withWorkingDir(ContainerFactory.WORK_DIR)
                    .withAttachStdout(true)
                    .withAttachStderr(true)
                    .withAttachStdin(stdin != null)
                    .exec()
                    .getId();
        } catch (RuntimeException e) {
            if (!probe.running(container)) {
                return died(name, started);
            }
            throw new SandboxUnavailableException("cannot exec in sandbox " + container.shortId() + ": " + e.getMessage(), e);
        }
        BoundedOutput output = BoundedOutput.forStep(outputCap);
        var start = docker.execStartCmd(execId);
        if (stdin != null) {
            start.withStdIn(new ByteArrayInputStream(stdin));
        }
        KillCause killedBy = null;
        try (BoundedOutput callback = start.exec(output)) {
            killedBy = callback.awaitOrKill(timeout, () -> containers.kill(container));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            containers.kill(container);
            throw new SandboxUnavailableException("interrupted while running " + name, e);
        } catch (Exception e) {
            if (!probe.running(container)) {
                return died(name, started);
            }
            throw new SandboxUnavailableException("exec stream failed in " + container.shortId() + ": " + e.getMessage(), e);
        }
        Integer exitCode = killedBy == null ? exitCode(execId) : null;
        if (killedBy == null && exitCode != null && exitCode == SIGKILL_EXIT) {
            killedBy = probe.oomKilled(container) ? KillCause.MEMORY_LIMIT : KillCause.SIGNAL;
        }
        if (killedBy == null && exitCode == null) {
            killedBy = probe.running(container) ? KillCause.SIGNAL : KillCause.CONTAINER_DIED;
        }
        return new StepResult(name, exitCode, killedBy, output.stdout(), output.stdoutTruncated(), output.stderr(),
                output.stderrTruncated(), elapsedMs(started));
    }

    private Integer exitCode(String execId) {
        // The exec's end can reach us a moment before the engine records its exit code.
        for (int attempt = 0; attempt < 50; attempt++) {
            InspectExecResponse exec = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private static StepResult died(String name, long started) {
        return new StepResult(name, null, KillCause.CONTAINER_DIED, "", false, "", false, elapsedMs(started));
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
