package dev.arbiter.sandbox.pool;

import dev.arbiter.sandbox.SandboxConfig;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.docker.SandboxContainer;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps a few started containers per runtime so that a verification pays only for exec. Each container serves one
 * candidate: {@link #discard} destroys it in the background and a fresh one takes its place. Idle containers older
 * than the configured age are replaced too, so that any labelled container older than that is known abandoned.
 */
@ApplicationScoped
public class WarmPool {
    private static final Logger LOG = Logger.getLogger(WarmPool.class);

    private final ContainerFactory factory;
    private final RuntimeCatalog catalog;
    private final SandboxConfig config;
    private final Map<String, BlockingQueue<SandboxContainer>> idle = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final Map<String, String> lastError = new ConcurrentHashMap<>();
    private final AtomicLong warmHits = new AtomicLong();
    private final AtomicLong coldStarts = new AtomicLong();
    private final ExecutorService creators = Executors.newFixedThreadPool(2, named("sandbox-create"));
    private final ExecutorService removers = Executors.newFixedThreadPool(2, named("sandbox-remove"));
    private final Set<String> used = ConcurrentHashMap.newKeySet();
    private volatile boolean open;

    public WarmPool(ContainerFactory factory, RuntimeCatalog catalog, SandboxConfig config) {
        this.factory = factory;
        this.catalog = catalog;
        this.config = config;
    }

    /**
     * Opens the pool; before this, acquire() starts containers on demand. With prefill (the service) every runtime's
     * pool fills now; without (a batch, which may use one runtime of six, or only shards), a runtime's pool fills
     * from its first acquire on.
     */
    public void open() {
        open = true;
        if (config.prefill()) {
            catalog.all().forEach(r -> used.add(r.language()));
        }
        catalog.all().stream().filter(r -> used.contains(r.language())).forEach(this::replenish);
    }

    /**
     * A container for one candidate: a warm one if one is ready soon, else a new one started now. A runtime with a
     * task's own limits always gets a new one, made with those limits.
     */
    public Lease acquire(Runtime runtime) {
        if (!catalog.isCatalogs(runtime)) { // a task's own limits: a container made for it, never a warm one
            SandboxContainer own = factory.start(runtime);
            coldStarts.incrementAndGet();
            return new Lease(own, false);
        }
        if (used.add(runtime.language())) {
            replenish(runtime);
        }
        SandboxContainer container = null;
        try {
            container = queue(runtime).poll(config.acquireWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean warm = container != null;
        replenish(runtime);
        if (!warm) {
            container = factory.start(runtime);
            coldStarts.incrementAndGet();
        } else {
            warmHits.incrementAndGet();
        }
        return new Lease(container, warm);
    }

    /** Destroys a used container in the background and tops the pool up. */
    public void discard(SandboxContainer container) {
        removers.execute(() -> factory.remove(container.id()));
        catalog.find(container.runtime().language()).ifPresent(this::replenish);
    }

    /** Replaces idle containers past their age and refills runtimes whose creation failed earlier. */
    public void maintain() {
        for (Runtime runtime : catalog.all()) {
            if (!used.contains(runtime.language())) {
                continue;
            }
            BlockingQueue<SandboxContainer> queue = queue(runtime);
            List<SandboxContainer> stale = new ArrayList<>();
            for (SandboxContainer c : queue) {
                if (c.ageMillis() > config.maxContainerAge().toMillis() && queue.remove(c)) {
                    stale.add(c);
                }
            }
            stale.forEach(this::discard);
            replenish(runtime);
        }
    }

    private void replenish(Runtime runtime) {
        if (!open) {
            return;
        }
        AtomicInteger inFlight = pending.computeIfAbsent(runtime.language(), k -> new AtomicInteger());
        synchronized (inFlight) {
            int missing = target(runtime) - queue(runtime).size() - inFlight.get();
            for (int i = 0; i < missing; i++) {
                inFlight.incrementAndGet();
                creators.execute(() -> create(runtime, inFlight));
            }
        }
    }

    private void create(Runtime runtime, AtomicInteger inFlight) {
        SandboxContainer container = null;
        try {
            container = factory.start(runtime);
            lastError.remove(runtime.language());
        } catch (SandboxUnavailableException e) {
            lastError.put(runtime.language(), e.getMessage());
            LOG.warnf("warm pool for %s: %s", runtime.language(), e.getMessage());
        } finally {
            // Under replenish's lock: a container must never be counted both pending and idle, or a refill is missed.
            synchronized (inFlight) {
                if (container != null && open) {
                    queue(runtime).add(container);
                }
                inFlight.decrementAndGet();
            }
        }
        if (container != null && !open) {
            factory.remove(container.id());
        }
    }

    private int target(Runtime runtime) {
        return config.poolSize().getOrDefault(runtime.language(), config.defaultPoolSize());
    }

    private BlockingQueue<SandboxContainer> queue(Runtime runtime) {
        return idle.computeIfAbsent(runtime.language(), k -> new LinkedBlockingQueue<>());
    }

    /** Per-runtime state for health checks and metrics. */
    public List<PoolStatus> status() {
        return catalog.all().stream().map(r -> new PoolStatus(r.language(), queue(r).size(), target(r),
                lastError.get(r.language()))).toList();
    }

    public long warmHits() {
        return warmHits.get();
    }

    public long coldStarts() {
        return coldStarts.get();
    }

    /** Ids of the containers waiting in the pool. */
    public List<String> idleIds() {
        return idle.values().stream().flatMap(q -> q.stream().map(SandboxContainer::id)).toList();
    }

    /** Stops refilling and removes every idle container; waits for the removals. */
    @PreDestroy
    public void close() {
        open = false;
        creators.shutdown();
        try {
            creators.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (BlockingQueue<SandboxContainer> queue : idle.values()) {
            SandboxContainer c;
            while ((c = queue.poll()) != null) {
                SandboxContainer victim = c;
                removers.execute(() -> factory.remove(victim.id()));
            }
        }
        removers.shutdown();
        try {
            removers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A container handed to one verification, and whether it came warm from the pool. */
    public record Lease(SandboxContainer container, boolean warm) {
    }

    public record PoolStatus(String runtime, int idle, int target, String lastError) {
    }
}
