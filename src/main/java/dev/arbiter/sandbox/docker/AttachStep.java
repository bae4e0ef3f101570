package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.KillCause;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.time.Duration;

/**
 * Hands a one-step job to a container's agent (PID 1, waiting on stdin): attaches, sends the tar archive's size, its
 * bytes and a completion token, and collects capped output until the agent prints "@@token exit &lt;status&gt;" (or,
 * failing that, exits). No {@code docker exec} and no interpreter start-up are paid. The status is the step's: 0-127
 * the candidate's exit code, 128 + n a signal, 255 an out-of-memory kill.
 */
final class AttachStep {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration EXIT_WAIT = Duration.ofSeconds(5);

    private final DockerClient docker;
    private final ContainerFactory containers;
    private final ContainerProbe probe;

    AttachStep(DockerClient docker, ContainerFactory containers) {
        this.docker = docker;
        this.containers = containers;
        this.probe = new ContainerProbe(docker);
    }

    StepResult run(SandboxContainer container, String name, byte[] tar, Duration timeout, int outputCap) {
        long started = System.nanoTime();
        String token = HexFormat.of().formatHex(randomBytes());
        byte[] header = (tar.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] trailer = (token + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] job = new byte[header.length + tar.length + trailer.length];
        System.arraycopy(header, 0, job, 0, header.length);
        System.arraycopy(tar, 0, job, header.length, tar.length);
        System.arraycopy(trailer, 0, job, header.length + tar.length, trailer.length);
        BoundedOutput output = BoundedOutput.forAgent(outputCap, "@@" + token + " exit ");
        KillCause killedBy = null;
        try (BoundedOutput callback = docker.attachContainerCmd(container.id())
                .withStdIn(new ByteArrayInputStream(job))
                .withStdOut(true).withStdErr(true).withFollowStream(true).withLogs(false)
                .exec(output)) {
            killedBy = callback.awaitOrKill(timeout, () -> containers.kill(container));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            containers.kill(container);
            throw new SandboxUnavailableException("interrupted while running " + name, e);
        } catch (Exception e) {
            throw new SandboxUnavailableException("attach to sandbox " + container.shortId() + " failed: " + e.getMessage(), e);
        }
        Integer exitCode = null;
        if (killedBy == null) {
            Integer announced = output.completionStatus();
            AgentExit exit = AgentExit.of(announced != null ? announced : exitStatus(container));
            exitCode = exit.exitCode();
            killedBy = exit.killedBy();
        }
        return new StepResult(name, exitCode, killedBy, output.stdout(), output.stdoutTruncated(), output.stderr(),
                output.stderrTruncated(), (System.nanoTime() - started) / 1_000_000);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** The agent's exit status when it did not announce one; the stream can end before the engine records it. */
    private int exitStatus(SandboxContainer container) {
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        while (true) {
            InspectContainerResponse.ContainerState state = probe.state(container);
            if (!Boolean.TRUE.equals(state.getRunning()) && state.getExitCodeLong() != null) {
                if (Boolean.TRUE.equals(state.getOOMKilled())) {
                    return AgentExit.OUT_OF_MEMORY;
                }
                return state.getExitCodeLong().intValue();
            }
            if (System.nanoTime() > deadline) {
                throw new SandboxUnavailableException("sandbox " + container.shortId() + " still runs after its agent's output ended");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException("interrupted", e);
            }
        }
    }
}
