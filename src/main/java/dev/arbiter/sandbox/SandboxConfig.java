package dev.arbiter.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sandbox settings: where the runtimes are described, how the Docker engine is reached, pool sizes, sweeping. */
@ConfigMapping(prefix = "arbiter.sandbox")
public interface SandboxConfig {

    /** Folder holding one sub-folder per runtime (Dockerfile + runtime.yaml). */
    @WithDefault("sandbox-images")
    String imagesDir();

    /** Docker engine address; empty means DOCKER_HOST or the local socket. */
    Optional<String> dockerHost();

    /** Warm containers kept per runtime; runtimes not listed use {@link #defaultPoolSize()}. */
    Map<String, Integer> poolSize();

    @WithDefault("1")
    int defaultPoolSize();

    /** How long a verification waits for a container before it creates one itself. */
    @WithDefault("PT0.5S")
    Duration acquireWait();

    /** Idle warm containers older than this are replaced, so a leftover's age proves it is abandoned. */
    @WithDefault("PT10M")
    Duration maxContainerAge();

    /** How often the sweeper looks for abandoned labelled containers. */
    @WithDefault("PT1M")
    Duration sweepInterval();

    /** Upper bound on verifications running in containers at once; more wait in line. */
    @WithDefault("8")
    int maxConcurrent();

    /**
     * How candidates are isolated: {@code strict} (a fresh container per candidate) or {@code shared} (one container
     * per shard of candidates, each its own process, uid, directory and limits). Batch scoring can switch it.
     */
    @WithDefault("strict")
    Isolation isolation();

    /** Shared mode. */
    Shared shared();

    /**
     * The most a task may ask for with its own limits (task.limits); a task asking more is refused. They bound what
     * one request can take of the machine: a task with its own limits runs in a container of its own.
     */
    MaxTaskLimits maxTaskLimits();

    interface MaxTaskLimits {
        @WithDefault("120")
        int runSeconds();

        @WithDefault("60")
        int testSeconds();

        @WithDefault("4096")
        int memoryMb();
    }

    interface Shared {
        /** Candidates per shard container. */
        @WithDefault("64")
        int shardSize();

        /** Shard containers open at once per runtime (each runs one candidate at a time); 0 means two per CPU. */
        @WithDefault("0")
        int shards();

        /**
         * Pin each shard container to one CPU (round robin). Its candidates are forked processes; kept on one CPU,
         * their copy-on-write faults need no cross-CPU TLB shootdowns, which are dear on virtual machines.
         */
        @WithDefault("true")
        boolean pinCpus();
    }

    /**
     * Let sandbox containers join network namespaces that holder containers keep open (one container at a time)
     * instead of making one each: a namespace is the dearest part of a container start on many hosts.
     */
    @WithDefault("true")
    boolean networkHolders();

    /**
     * OCI runtime for sandbox containers: {@code auto} (crun when the engine offers it, falling back to the engine's
     * default if crun cannot start containers there), {@code default} (the engine's default) or a runtime's name.
     */
    @WithDefault("auto")
    String ociRuntime();

    /**
     * Fill every runtime's warm pool at start-up (the service). Off, a runtime's pool fills from its first use on:
     * a batch starts scoring without first starting containers for runtimes it may never use.
     */
    @WithDefault("true")
    boolean prefill();

    /** Start the warm pool at start-up (tests that need no engine switch it off). */
    @WithDefault("true")
    boolean enabled();
}
