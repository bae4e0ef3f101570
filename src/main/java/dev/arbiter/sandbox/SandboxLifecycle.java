package dev.arbiter.sandbox;

import dev.arbiter.sandbox.docker.LeftoverSweeper;
import dev.arbiter.sandbox.pool.WarmPool;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** At start-up sweeps leftovers of earlier runs, then fills the warm pool; afterwards sweeps and tops up periodically. */
@ApplicationScoped
public class SandboxLifecycle {
    private static final Logger LOG = Logger.getLogger(SandboxLifecycle.class);

    private final LeftoverSweeper sweeper;
    private final WarmPool pool;
    private final SandboxConfig config;

    public SandboxLifecycle(LeftoverSweeper sweeper, WarmPool pool, SandboxConfig config) {
        this.sweeper = sweeper;
        this.pool = pool;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("sandbox pool disabled (arbiter.sandbox.enabled=false)");
            return;
        }
        sweeper.sweep();
        pool.open();
    }

    @Scheduled(every = "${arbiter.sandbox.sweep-interval:PT1M}", delayed = "PT30S",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweepPeriodically() {
        sweeper.sweep();
    }

    @Scheduled(every = "PT5S", delayed = "PT5S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintainPool() {
        if (config.enabled()) {
            pool.maintain();
        }
    }
}
