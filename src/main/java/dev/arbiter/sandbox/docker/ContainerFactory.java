package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Ulimit;
import dev.arbiter.sandbox.SandboxConfig;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.runtime.Limits;
import dev.arbiter.sandbox.runtime.Runtime;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Creates and starts hardened sandbox containers and removes them. Every container it made and has not yet removed
 * is in {@link #live()}, which the sweeper leaves alone; one whose removal failed is left to the sweeper. Containers
 * join a network namespace kept by {@link NetworkHolders} (unless {@code network-holders} is off) and start with the
 * OCI runtime {@link OciRuntime} picks.
 */
@ApplicationScoped
public class ContainerFactory {
    private static final int REMOVE_ATTEMPTS = 4;
    /**
     * Containers start as root with only the capabilities to hand out user ids, own files and signal: the in-container
     * runner (the judge's side of the trusted boundary) runs the judge as {@link #JUDGE_UID} and the candidate as
     * {@link #CANDIDATE_UID}, whose processes then have no capability at all ({@code no-new-privileges} stops any regain).
     */
    public static final String USER = "0:0";
    /** The uid the judge runs as; the candidate cannot ptrace it, signal it or read its files. */
    public static final int JUDGE_UID = 64000;
    /** The unprivileged user candidates run as in strict mode (Debian's nobody). */
    public static final int CANDIDATE_UID = 65534;
    /** /dev/shm is a second writable tmpfs: kept tiny (semaphores fit), not the engine's 64 MB outside the work cap. */
    static final long SHM_BYTES = 1024L * 1024L;
    private static final Capability[] RUNNER_CAPABILITIES =
            {Capability.CHOWN, Capability.SETUID, Capability.SETGID, Capability.KILL};
    public static final String WORK_DIR = "/work";
    private static final Logger LOG = Logger.getLogger(ContainerFactory.class);

    private final DockerClient docker;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    /** The holder whose network namespace each live container joined. */
    private final Map<String, String> holderOf = new ConcurrentHashMap<>();
    private final NetworkHolders holders;
    private final OciRuntime oci;

    @Inject
    public ContainerFactory(DockerClient docker, SandboxConfig config) {
        this(docker, config.networkHolders(), config.ociRuntime(), config.maxContainerAge());
    }

    /** With the defaults: holders on, the OCI runtime picked automatically. */
    public ContainerFactory(DockerClient docker) {
        this(docker, true, OciRuntime.AUTO, Duration.ofMinutes(10));
    }

    ContainerFactory(DockerClient docker, boolean networkHolders, String ociRuntime, Duration maxAge) {
        this.docker = docker;
        this.holders = networkHolders ? new NetworkHolders(docker, maxAge) : null;
        this.oci = new OciRuntime(docker, ociRuntime);
    }

    /** Creates and starts a container for one candidate, with its runtime's agent or a sleeper as PID 1. */
    public SandboxContainer start(Runtime runtime) {
        List<String> command = runtime.hasAgent() ? runtime.agent() : List.of("sleep", "infinity");
        // The agent waits on stdin for its one job; StdinOnce closes stdin when the job's sender detaches. Without an
        // agent, PID 1 only sleeps (and, as a namespace's init, ignores the candidate's signals); steps run via exec.
        return start(runtime, command, runtime.hasAgent(), USER, hostConfig(runtime.limits()).withCapAdd(RUNNER_CAPABILITIES));
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
        // the runtime's headroom more (a few, so the runner can still fork the cleaner when a candidate has used up
        // its share, and the runner's own long-lived processes), and as much more memory as those need.
        var headroom = runtime.shardContainer();
        HostConfig host = hostConfig(runtime.limits(), "uid=0,gid=0,mode=1733")
                .withCapAdd(RUNNER_CAPABILITIES)
                .withPidsLimit((long) runtime.limits().pids() + headroom.pids());
        if (headroom.memoryMb() > 0) {
            long memory = (runtime.limits().memoryMb() + (long) headroom.memoryMb()) * 1024L * 1024L;
            host.withMemory(memory).withMemorySwap(memory);
        }
        host.withInit(headroom.init());
        if (cpu != null) {
            host.withCpusetCpus(String.valueOf(cpu));
        }
        return start(runtime, command, true, "0:0", host);
    }

    private SandboxContainer start(Runtime runtime, List<String> command, boolean stdin, String user, HostConfig host) {
        try {
            return attempt(runtime, command, stdin, user, host);
        } catch (NotStarted e) {
            // Once more: with the engine's default OCI runtime if the preferred one failed, and with a new network
            // holder if the container had joined one (that had stopped, say): the idle ones may have stopped as well.
            if (e.joinedHolder) {
                holders.removeIdle();
            }
            if (oci.fallBack(e) || e.joinedHolder) {
                return attempt(runtime, command, stdin, user, host);
            }
            throw e;
        }
    }

    private SandboxContainer attempt(Runtime runtime, List<String> command, boolean stdin, String user,
            HostConfig host) {
        String ociRuntime = oci.name();
        String holder = holders == null ? null : holders.lease(runtime, ociRuntime);
        host.withRuntime(ociRuntime);
        if (holder == null) {
            host.withNetworkMode("none").withSysctls(NetworkHolders.SYSCTLS);
        } else {
            host.withNetworkMode("container:" + holder).withSysctls(null);
        }
        String id;
        try {
            var create = docker.createContainerCmd(runtime.image()).withCmd(command);
            if (holder == null) {
                create.withHostName("sandbox"); // a holder's namespace comes with its host name, also "sandbox"
            }
            if (stdin) {
                create.withStdinOpen(true).withStdInOnce(true).withAttachStdin(true)
                        .withAttachStdout(true).withAttachStderr(true).withTty(false);
            }
            id = create
                    .withUser(user)
                    .withWorkingDir(WORK_DIR)
                    .withLabels(SandboxLabels.forNew(runtime.language()))
                    .withHostConfig(host)
                    .exec()
                    .getId();
        } catch (NotFoundException e) {
            retire(holder);
            throw new SandboxUnavailableException("sandbox image " + runtime.image()
                    + " is missing: run sandbox-images/build.sh", e);
        } catch (RuntimeException e) {
            retire(holder);
            throw new SandboxUnavailableException("cannot create a " + runtime.language() + " sandbox: "
                    + e.getMessage(), e);
        }
        live.add(id);
        if (holder != null) {
            holderOf.put(id, holder);
        }
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            holderOf.remove(id);
            remove(id);
            retire(holder); // a holder that stopped makes every start fail
            throw new NotStarted("cannot start a " + runtime.language() + " sandbox: " + e.getMessage(), e,
                    holder != null);
        }
        return new SandboxContainer(id, runtime, System.currentTimeMillis());
    }

    static HostConfig hostConfig(Limits limits) {
        return hostConfig(limits, "uid=0,gid=0,mode=0755");
    }

    private static HostConfig hostConfig(Limits limits, String workDirOwner) {
        long memory = limits.memoryMb() * 1024L * 1024L;
        return HostConfig.newHostConfig()
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withTmpFs(Map.of(WORK_DIR, "rw,exec,nosuid,nodev,size=" + limits.workDirMb() + "m," + workDirOwner))
                .withShmSize(SHM_BYTES)
                .withMemory(memory)
                .withMemorySwap(memory)
                .withNanoCPUs((long) (limits.cpus() * 1_000_000_000L))
                .withPidsLimit((long) limits.pids())
                .withUlimits(List.of(new Ulimit("core", 0L, 0L), new Ulimit("nofile", 256L, 256L)))
                .withInit(false)
                .withAutoRemove(false)
                // Output is read over attach and exec streams only: no log driver copying it to a file as well.
                .withLogConfig(new LogConfig(LogConfig.LoggingType.NONE));
    }

    /** Kills the container at once; its exec'd processes die with it. Errors are logged, not thrown. */
    public void kill(SandboxContainer container) {
        try {
            docker.killContainerCmd(container.id()).exec();
        } catch (RuntimeException e) {
            LOG.debugf("kill %s: %s", container.shortId(), e.getMessage());
        }
    }

    /**
     * Removes the container (forcing, with its anonymous volumes). Idempotent; true when it is gone. Its network
     * holder goes to the next container only once it is gone; otherwise the holder is removed too.
     */
    public boolean remove(String id) {
        live.remove(id);
        String holder = holderOf.remove(id);
        boolean gone = removeNow(id);
        if (holder != null) {
            if (gone) {
                holders.release(holder);
            } else {
                holders.retire(holder);
            }
        }
        return gone;
    }

    /**
     * A forced removal can lose a race with the container's own exit ("could not kill running container ... is not
     * running", HTTP 500); a few quick retries settle it instead of leaving the container for the next sweep.
     */
    private boolean removeNow(String id) {
        for (int attempt = 1; ; attempt++) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
                return true;
            } catch (NotFoundException e) {
                return true;
            } catch (RuntimeException e) {
                if (attempt == REMOVE_ATTEMPTS) {
                    LOG.warnf("cannot remove sandbox container %s yet (the sweeper will retry): %s", id, e.getMessage());
                    return false;
                }
                try {
                    Thread.sleep(100L << attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private void retire(String holder) {
        if (holder != null) {
            holders.retire(holder);
        }
    }

    /** Every container of this instance the sweeper must leave alone: sandboxes and network holders. */
    public Set<String> live() {
        Set<String> all = new HashSet<>(live);
        if (holders != null) {
            all.addAll(holders.live());
        }
        return all;
    }

    /** The network holders no container uses now, kept for the next containers. */
    public Set<String> idleHolders() {
        return holders == null ? Set.of() : holders.idle();
    }

    /** The idle network holders and those the given containers joined: what they keep besides themselves. */
    public Set<String> holdersKeptFor(Collection<String> containerIds) {
        Set<String> kept = new HashSet<>(idleHolders());
        containerIds.forEach(id -> {
            String holder = holderOf.get(id);
            if (holder != null) {
                kept.add(holder);
            }
        });
        return kept;
    }

    /** Removes the network holders no container uses. */
    @PreDestroy
    public void close() {
        if (holders != null) {
            holders.close();
        }
    }

    /** The engine created the container but could not start it. */
    private static final class NotStarted extends SandboxUnavailableException {
        final boolean joinedHolder;

        NotStarted(String message, Throwable cause, boolean joinedHolder) {
            super(message, cause);
            this.joinedHolder = joinedHolder;
        }
    }
}
