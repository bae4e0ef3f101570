package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.runtime.Limits;
import dev.arbiter.sandbox.runtime.Runtime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Creates and starts hardened sandbox containers and removes them. Every container it made and has not yet removed
 * is in {@link #live()}, which the sweeper leaves alone; one whose removal failed is left to the sweeper.
 */
@ApplicationScoped
public class ContainerFactory {
    /** The unprivileged user candidates run as (Debian's nobody). */
    public static final String USER = "65534:65534";
    public static final String WORK_DIR = "/work";
    private static final int SHARD_PIDS_HEADROOM = 8;
    private static final Logger LOG = Logger.getLogger(ContainerFactory.class);

    private final DockerClient docker;
    private final Set<String> live = ConcurrentHashMap.newKeySet();

    public ContainerFactory(DockerClient docker) {
        this.docker = docker;
    }

    /** Creates and starts a container for one candidate, with its runtime's agent or a sleeper as PID 1. */
    public SandboxContainer start(Runtime runtime) {
        List<String> command = runtime.hasAgent() ? runtime.agent() : List.of("sleep", "infinity");
        // The agent waits on stdin for its one job; StdinOnce closes stdin when the job's sender detaches. Without an
        // agent, PID 1 only sleeps (and, as a namespace's init, ignores the candidate's signals); steps run via exec.
        return start(runtime, command, runtime.hasAgent(), USER, hostConfig(runtime.limits()));
    }

    /**
     * Creates and starts a shared-mode shard container: the runtime's shard runner as PID 1, reading jobs on stdin.
     * It starts as root with only the capabilities to change user ids (each candidate runs under its own), and its
     * work dir lets anyone create a directory but nobody list it. With {@code cpu}, its processes stay on that CPU:
     * a forked candidate's copy-on-write faults then need no TLB shootdown on the other CPUs.
     */
    public SandboxContainer startShard(Runtime runtime, List<String> arguments, Integer cpu) {
        List<String> command = new java.util.ArrayList<>(runtime.shardRunner());
        command.addAll(arguments);
        // Each candidate is held to the runtime's process limit by RLIMIT_NPROC on its own uid; the container allows
        // a few more, so the runner can still fork the cleaner when a candidate has used up its share.
        HostConfig host = hostConfig(runtime.limits(), "uid=0,gid=0,mode=1733")
                .withCapAdd(Capability.SETUID, Capability.SETGID)
                .withPidsLimit((long) runtime.limits().pids() + SHARD_PIDS_HEADROOM);
        if (cpu != null) {
            host.withCpusetCpus(String.valueOf(cpu));
        }
        return start(runtime, command, true, "0:0", host);
    }

    private SandboxContainer start(Runtime runtime, List<String> command, boolean stdin, String user, HostConfig host) {
        String id;
        try {
            var create = docker.createContainerCmd(runtime.image()).withCmd(command);
            if (stdin) {
                create.withStdinOpen(true).withStdInOnce(true).withAttachStdin(true)
                        .withAttachStdout(true).withAttachStderr(true).withTty(false);
            }
            id = create
                    .withUser(user)
                    .withWorkingDir(WORK_DIR)
                    .withHostName("sandbox")
                    .withNetworkDisabled(true)
                    .withLabels(SandboxLabels.forNew(runtime.language()))
                    .withHostConfig(host)
                    .exec()
                    .getId();
        } catch (NotFoundException e) {
            throw new SandboxUnavailableException("sandbox image " + runtime.image()
                    + " is missing: run sandbox-images/build.sh", e);
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("cannot create a " + runtime.language() + " sandbox: "
                    + e.getMessage(), e);
        }
        live.add(id);
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            remove(id);
            throw new SandboxUnavailableException("cannot start a " + runtime.language() + " sandbox: "
                    + e.getMessage(), e);
        }
        return new SandboxContainer(id, runtime, System.currentTimeMillis());
    }

    static HostConfig hostConfig(Limits limits) {
        return hostConfig(limits, "uid=65534,gid=65534,mode=0700");
    }

    private static HostConfig hostConfig(Limits limits, String workDirOwner) {
        long memory = limits.memoryMb() * 1024L * 1024L;
        return HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of(WORK_DIR, "rw,exec,nosuid,nodev,size=" + limits.workDirMb() + "m," + workDirOwner))
                .withMemory(memory)
                .withMemorySwap(memory)
                .withNanoCPUs((long) (limits.cpus() * 1_000_000_000L))
                .withPidsLimit((long) limits.pids())
                .withUlimits(List.of(new Ulimit("core", 0L, 0L), new Ulimit("nofile", 256L, 256L)))
                .withInit(false)
                .withAutoRemove(false);
    }

    /** Kills the container at once; its exec'd processes die with it. Errors are logged, not thrown. */
    public void kill(SandboxContainer container) {
        try {
            docker.killContainerCmd(container.id()).exec();
        } catch (RuntimeException e) {
            LOG.debugf("kill %s: %s", container.shortId(), e.getMessage());
        }
    }

    /** Removes the container (forcing, with its anonymous volumes). Idempotent; true when it is gone. */
    public boolean remove(String id) {
        live.remove(id);
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            return true;
        } catch (NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("cannot remove sandbox container %s yet (the sweeper will retry): %s", id, e.getMessage());
            return false;
        }
    }

    public Set<String> live() {
        return Set.copyOf(live);
    }
}
