package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.runtime.Runtime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Network namespaces for sandbox containers, each with nothing but a loopback interface. Making a network namespace
 * is the dearest part of starting a container on many hosts (here 200 ms per container with its own namespace, 110 ms
 * joining an existing one), so a small holder container
 * keeps one open and sandbox containers join it ({@code container:<holder>} network mode) instead: one container at
 * a time, from its creation until its removal is confirmed, after which the next may have it.
 * <p>
 * Nothing of a candidate is left in the namespace for the next: a candidate cannot configure it (no capabilities),
 * its sockets close when its processes die with its container, and the namespace keeps no TIME_WAIT sockets
 * ({@code net.ipv4.tcp_max_tw_buckets=0}), so a port a candidate used is free again at once. Shard containers and, when
 * holders are off, every sandbox container get the same setting, so both isolation modes see the same network.
 * Holders older than the pool's maximum container age are removed instead of reused, like warm containers.
 */
final class NetworkHolders {
    /** Namespace settings of every sandbox network namespace. */
    static final Map<String, String> SYSCTLS = Map.of("net.ipv4.tcp_max_tw_buckets", "0");
    private static final Logger LOG = Logger.getLogger(NetworkHolders.class);
    private static final int MAX_FREE = 32;
    private static final long HOLDER_MEMORY = 16L * 1024 * 1024;

    private final DockerClient docker;
    private final Duration maxAge;
    private final Deque<Holder> free = new ArrayDeque<>();
    private final Map<String, Holder> leased = new ConcurrentHashMap<>();
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    NetworkHolders(DockerClient docker, Duration maxAge) {
        this.docker = docker;
        this.maxAge = maxAge;
    }

    /** A holder's network mode for the container about to be created; the lease ends with release or retire. */
    String lease(Runtime runtime, String ociRuntime) {
        Holder holder;
        while (true) {
            synchronized (free) {
                holder = free.pollFirst();
            }
            if (holder == null) {
                holder = create(runtime, ociRuntime);
                break;
            }
            if (!expired(holder)) {
                break;
            }
            remove(holder.id); // idle past the maximum age
        }
        leased.put(holder.id, holder);
        return holder.id;
    }

    /** The container that had the holder is gone: the next container may join it. */
    void release(String holderId) {
        Holder holder = leased.remove(holderId);
        if (holder == null) {
            return;
        }
        boolean keep = !closed && !expired(holder);
        synchronized (free) {
            if (keep && free.size() < MAX_FREE) {
                free.addFirst(holder);
                return;
            }
        }
        remove(holder.id);
    }

    /** The holder must not be used again (its container may still be in it, or it is broken): removes it. */
    void retire(String holderId) {
        leased.remove(holderId);
        remove(holderId);
    }

    /** Ids of every holder container this instance keeps. */
    Set<String> live() {
        return Set.copyOf(live);
    }

    /** Ids of the holders no container uses now. */
    Set<String> idle() {
        synchronized (free) {
            Set<String> ids = new HashSet<>();
            free.forEach(h -> ids.add(h.id));
            return ids;
        }
    }

    /** Removes the free holders and keeps none from now on; leased ones are removed when released. */
    void close() {
        closed = true;
        removeIdle();
    }

    /** Removes the free holders: the next containers get new ones. */
    void removeIdle() {
        List<Holder> all;
        synchronized (free) {
            all = List.copyOf(free);
            free.clear();
        }
        all.forEach(h -> remove(h.id));
    }

    private Holder create(Runtime runtime, String ociRuntime) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode("none")
                .withSysctls(SYSCTLS)
                .withCapDrop(Capability.ALL)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withReadonlyRootfs(true)
                .withMemory(HOLDER_MEMORY)
                .withMemorySwap(HOLDER_MEMORY)
                .withNanoCPUs(100_000_000L)
                .withPidsLimit(4L)
                .withRuntime(ociRuntime);
        String id;
        try {
            id = docker.createContainerCmd(runtime.image()).withCmd("sleep", "infinity")
                    .withUser("65534:65534")
                    .withHostName("sandbox")
                    .withLabels(SandboxLabels.forNew("network-holder"))
                    .withHostConfig(host)
                    .exec().getId();
        } catch (RuntimeException e) {
            throw new SandboxUnavailableException("cannot create a network namespace holder: " + e.getMessage(), e);
        }
        live.add(id);
        try {
            docker.startContainerCmd(id).exec();
        } catch (RuntimeException e) {
            remove(id);
            throw new SandboxUnavailableException("cannot start a network namespace holder: " + e.getMessage(), e);
        }
        return new Holder(id, System.currentTimeMillis());
    }

    private boolean expired(Holder holder) {
        return System.currentTimeMillis() - holder.created >= maxAge.toMillis();
    }

    /** Removes the holder; if the engine refuses, it leaves the live set anyway and the sweeper removes it. */
    private void remove(String id) {
        live.remove(id);
        try {
            docker.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // already gone
        } catch (RuntimeException e) {
            LOG.debugf("cannot remove network holder %s yet (the sweeper will): %s", id, e.getMessage());
        }
    }

    private record Holder(String id, long created) {
    }
}
