package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.SandboxConfig;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import dev.arbiter.sandbox.runtime.Runtime;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shared-mode execution: up to {@code shards} shard containers per runtime are open at once, each running one
 * candidate at a time and taking up to {@code shard-size} candidates before it is ended and a fresh one opens.
 * Shards left idle are ended, so no container outlives the work it was opened for. One background thread ends idle
 * shards and removes finished shards' containers.
 */
@ApplicationScoped
public class ShardPool {
    private static final Duration IDLE = Duration.ofSeconds(2);
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(60);
    /** Jobs a shard holds at once: the one running and the next, already sent, so the runner never waits for it. */
    private static final int DEPTH = 2;
    /**
     * Shards per CPU by default. A candidate that hangs holds its shard for its whole time budget; the other shard on
     * its CPU keeps going meanwhile (HumanEvalPack Python: 43/s against 34/s with one shard per CPU).
     */
    private static final int SHARDS_PER_CPU = 2;

    private final DockerClient docker;
    private final ContainerFactory containers;
    private final int shardSize;
    private final int parallel;
    private final Map<String, List<Shard>> open = new HashMap<>();
    private final Map<Shard, Long> idleSince = new HashMap<>();
    private final java.util.Set<Shard> live = new java.util.HashSet<>();
    private final ScheduledExecutorService janitor;
    private final boolean pinCpus;

    public ShardPool(DockerClient docker, ContainerFactory containers, SandboxConfig config) {
        this.docker = docker;
        this.containers = containers;
        this.shardSize = config.shared().shardSize();
        this.pinCpus = config.shared().pinCpus();
        this.parallel = config.shared().shards() > 0 ? config.shared().shards()
                : SHARDS_PER_CPU * java.lang.Runtime.getRuntime().availableProcessors();
        this.janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "arbiter-shard-janitor");
            t.setDaemon(true);
            return t;
        });
        janitor.scheduleWithFixedDelay(this::endIdle, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Runs one job in a shard and waits for its result. */
    public StepResult run(Runtime runtime, String name, Map<String, SandboxFile> files, Duration timeout) {
        return run(runtime, name, files, timeout, null).get(0);
    }

    /**
     * Runs one job in a shard and waits for the results of its steps: with a {@code compileTimeout}, the runner's
     * compile step and then, if it compiled, the run step {@code name}.
     */
    public List<StepResult> run(Runtime runtime, String name, Map<String, SandboxFile> files, Duration timeout,
            Duration compileTimeout) {
        Shard shard = reserve(runtime, compileTimeout == null ? timeout : timeout.plus(compileTimeout));
        try {
            CompletableFuture<List<StepResult>> result = shard.submit(name, files, timeout, compileTimeout);
            while (true) {
                try {
                    return result.get(500, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (shard.stalled()) {
                        shard.fail("the shard runner stopped answering");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SandboxUnavailableException u ? u
                    : new SandboxUnavailableException("shard failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for a shard", e);
        } finally {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /**
     * A place in an idle shard, else in a new shard while fewer than {@code shards} are open, else behind the one job
     * of a busy shard (at most one waits per shard, so a slow candidate holds up at most one other), else waits.
     */
    private synchronized Shard reserve(Runtime runtime, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos() + QUEUE_WAIT.toNanos();
        List<Shard> shards = open.computeIfAbsent(runtime.language(), k -> new ArrayList<>());
        while (true) {
            shards.removeIf(s -> s.full() || s.ended());
            Shard shard = shards.stream().filter(s -> s.load() == 0).findFirst().orElse(null);
            if (shard == null && shards.size() < parallel) {
                shard = new Shard(docker, containers, runtime, shardSize, janitor, nextCpu());
                shards.add(shard);
                live.add(shard);
            }
            if (shard == null) {
                shard = shards.stream().filter(s -> s.load() < DEPTH).min(Comparator.comparingInt(Shard::load)).orElse(null);
            }
            if (shard != null) {
                shard.reserve();
                idleSince.remove(shard);
                if (shard.full()) {
                    shards.remove(shard);
                }
                return shard;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SandboxUnavailableException("every shard stayed busy for " + (timeout.plus(QUEUE_WAIT)).toSeconds() + "s");
            }
            try {
                wait(Math.max(1, Math.min(left / 1_000_000, 500)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException("interrupted while waiting for a shard", e);
            }
        }
    }

    /** The CPU the next shard is pinned to: one with the fewest live shards; null when pinning is off. */
    private Integer nextCpu() {
        if (!pinCpus) {
            return null;
        }
        int[] shardsOn = new int[java.lang.Runtime.getRuntime().availableProcessors()];
        live.removeIf(Shard::disposed);
        for (Shard s : live) {
            if (s.cpu() != null && s.cpu() < shardsOn.length) {
                shardsOn[s.cpu()]++;
            }
        }
        int best = 0;
        for (int cpu = 1; cpu < shardsOn.length; cpu++) {
            if (shardsOn[cpu] < shardsOn[best]) {
                best = cpu;
            }
        }
        return best;
    }

    /** Ends shards that have had nothing to do for a while. */
    private synchronized void endIdle() {
        live.removeIf(Shard::disposed);
        long now = System.nanoTime();
        for (List<Shard> shards : open.values()) {
            for (Shard shard : List.copyOf(shards)) {
                if (shard.load() > 0) {
                    idleSince.remove(shard);
                } else if (now - idleSince.computeIfAbsent(shard, s -> now) > IDLE.toNanos()) {
                    shards.remove(shard);
                    idleSince.remove(shard);
                    shard.end();
                }
            }
        }
    }

    /** Fails whatever still runs and removes every shard container. */
    @PreDestroy
    void closeAll() {
        synchronized (this) {
            live.forEach(s -> s.fail("the service is stopping"));
            live.clear();
            open.clear();
        }
        janitor.shutdown();
        try {
            janitor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shards whose container may still exist (for tests and metrics). */
    synchronized int liveShards() {
        live.removeIf(Shard::disposed);
        return live.size();
    }
}
