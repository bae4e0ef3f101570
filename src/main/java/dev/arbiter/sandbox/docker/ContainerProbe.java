package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.arbiter.sandbox.SandboxUnavailableException;
import java.util.concurrent.TimeUnit;

/** Questions about a sandbox container's state that tell a candidate's failure from the infrastructure's. */
final class ContainerProbe {
    private final DockerClient docker;

    ContainerProbe(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * The container's state. A container that stopped was stopped by what ran in it; one the engine cannot report on
     * is an infrastructure failure.
     */
    InspectContainerResponse.ContainerState state(SandboxContainer container) {
        try {
            return docker.inspectContainerCmd(container.id()).exec().getState();
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("lost sandbox " + container.shortId() + ": " + e.getMessage(), e);
        }
    }

    boolean running(SandboxContainer container) {
        return Boolean.TRUE.equals(state(container).getRunning());
    }

    /** Reads the running container's memory cgroup (v1 or v2) for an OOM kill. */
    boolean oomKilled(SandboxContainer container) {
        try {
            BoundedOutput out = new BoundedOutput(4096, 4096, null);
            String id = docker.execCreateCmd(container.id())
                    .withCmd("sh", "-c", "cat /sys/fs/cgroup/memory/memory.oom_control /sys/fs/cgroup/memory.events 2>/dev/null")
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            docker.execStartCmd(id).exec(out).awaitCompletion(5, TimeUnit.SECONDS);
            return out.stdout().lines().anyMatch(l -> l.matches("oom_kill [1-9][0-9]*"));
        } catch (Exception e) {
            return false;
        }
    }
}
