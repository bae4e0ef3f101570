package dev.arbiter.router;

import dev.arbiter.memory.ExperienceStore;
import dev.arbiter.memory.JdbcExperienceStore;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Replicas on one PostgreSQL learn from each other: every {@code arbiter.memory.sync-interval} this replica's
 * orchestrator reads the experiences the others recorded ({@link Orchestrator#learnShared}). Skipped for a store
 * only this process writes. A database that cannot be read is logged once per outage and retried at the next tick.
 */
@ApplicationScoped
public class SharedMemorySync {
    private static final Logger LOG = Logger.getLogger(SharedMemorySync.class);
    private final Instance<Orchestrator> orchestrator;
    private volatile boolean failing;

    public SharedMemorySync(Instance<Orchestrator> orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Scheduled(every = "${arbiter.memory.sync-interval}", delayed = "${arbiter.memory.sync-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = NotShared.class)
    void sync() {
        try {
            int learned = orchestrator.get().learnShared();
            if (failing) {
                LOG.infof("shared memory readable again; learned %d experiences recorded meanwhile", learned);
                failing = false;
            }
        } catch (JdbcExperienceStore.StoreException e) {
            if (!failing) {
                LOG.warnf("cannot read the shared memory (retrying every sync interval): %s", e.getMessage());
                failing = true;
            }
        }
    }

    /** Nothing to read from others when no other process can write the store. */
    @Singleton
    static class NotShared implements Scheduled.SkipPredicate {
        private final ExperienceStore store;

        NotShared(ExperienceStore store) {
            this.store = store;
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return !store.shared();
        }
    }
}
