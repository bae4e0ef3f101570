package dev.arbiter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.support.PostgresServer;
import dev.arbiter.verifier.Dimension;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.AgroalConnectionPoolConfiguration;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on a real PostgreSQL, as two replicas use it: the PostgreSQL migrations apply, feedback for one decision
 * and model sent through both replicas at once is recorded exactly once, and each replica's {@link SharedHistory}
 * reads what the other recorded, including an insert that commits after a higher-numbered one.
 */
class SharedStoreTest {
    private static PostgresServer server;

    @BeforeAll
    static void startDatabase() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        server.close();
    }

    /** A pool configured as the service's PostgreSQL one is (application.properties: validate-on-borrow). */
    private static AgroalDataSource dataSource(String url) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .maxSize(20).validateOnBorrow(true)
                .connectionValidator(AgroalConnectionPoolConfiguration.ConnectionValidator.defaultValidator())
                .connectionFactoryConfiguration(f -> f.jdbcUrl(url).principal(new NamePrincipal(PostgresServer.USER)))));
    }

    private static String migrated() throws SQLException {
        String url = server.newDatabase();
        Flyway.configure().dataSource(url, PostgresServer.USER, "").locations("db/migration/postgresql").load().migrate();
        return url;
    }

    private static Experience experience(String decision, String model, double score) {
        return new Experience(0, decision, "task/" + decision, Dimension.ALGORITHM, "python", model, score, 0.001,
                score - 0.0001, null, Instant.now(), "dim:algorithm lang:python", new float[] {1, 0, 0}, null);
    }

    @Test
    void theStoreKnowsItIsShared() throws Exception {
        try (AgroalDataSource pg = dataSource(migrated())) {
            assertTrue(new JdbcExperienceStore(pg).shared());
        }
        assertTrue(StoreSelection.isPostgres(" JDBC:postgresql://db:5432/arbiter"));
        assertTrue(!StoreSelection.isPostgres("jdbc:h2:file:./x") && !StoreSelection.isPostgres(null));
    }

    @Test
    void concurrentDuplicateFeedbackThroughTwoReplicasIsRecordedOnce() throws Exception {
        String url = migrated();
        try (AgroalDataSource a = dataSource(url); AgroalDataSource b = dataSource(url)) {
            JdbcExperienceStore[] replicas = {new JdbcExperienceStore(a), new JdbcExperienceStore(b)};
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                for (int round = 0; round < 20; round++) {
                    String decision = "d" + round;
                    List<Callable<ExperienceStore.Appended>> sends = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        JdbcExperienceStore replica = replicas[i % 2];
                        double score = i / 16.0;
                        sends.add(() -> replica.append(experience(decision, "glm-5", score)));
                    }
                    List<ExperienceStore.Appended> results = new ArrayList<>();
                    for (Future<ExperienceStore.Appended> f : pool.invokeAll(sends)) {
                        results.add(f.get());
                    }
                    assertEquals(1, results.stream().filter(ExperienceStore.Appended::created).count(), "round " + round);
                    long seq = results.stream().filter(ExperienceStore.Appended::created).findFirst().orElseThrow()
                            .experience().seq();
                    assertTrue(results.stream().allMatch(r -> r.experience().seq() == seq), "every caller sees the one recorded");
                    assertEquals(1, replicas[1].forDecision(decision).size());
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(20, replicas[0].count());
        }
    }

    @Test
    void eachReplicaReadsWhatTheOtherRecordedOnceIncludingALateCommit() throws Exception {
        String url = migrated();
        try (AgroalDataSource a = dataSource(url); AgroalDataSource b = dataSource(url)) {
            JdbcExperienceStore storeA = new JdbcExperienceStore(a);
            JdbcExperienceStore storeB = new JdbcExperienceStore(b);
            SharedHistory historyB = new SharedHistory(List.of(), Duration.ofSeconds(60), System.nanoTime());
            // B records one itself: claimed by B's feedback path, so B's poll must not learn it a second time
            ExperienceStore.Appended own = storeB.append(experience("own", "glm-5", 1));
            assertTrue(historyB.claim(own.experience().seq()));
            storeA.append(experience("a1", "glm-5", 1));
            List<Experience> first = historyB.poll(storeB, System.nanoTime());
            assertEquals(List.of("a1"), first.stream().map(Experience::decisionId).toList());

            // an insert that draws its number first and commits last: B reads the higher one, then the late one
            try (Connection slow = a.getConnection()) {
                slow.setAutoCommit(false);
                insert(slow, "late");
                storeA.append(experience("a2", "glm-5", 0));
                List<Experience> second = historyB.poll(storeB, System.nanoTime());
                assertEquals(List.of("a2"), second.stream().map(Experience::decisionId).toList());
                assertEquals(1, historyB.gaps(), "the uncommitted number is awaited");
                slow.commit();
            }
            List<Experience> third = historyB.poll(storeB, System.nanoTime());
            assertEquals(List.of("late"), third.stream().map(Experience::decisionId).toList());
            assertEquals(0, historyB.gaps());
            assertEquals(List.of(), historyB.poll(storeB, System.nanoTime()), "nothing is learned twice");

            // a number lost to the exactly-once race never shows up: it is given up after the gap lifetime
            try (Connection c = a.getConnection()) {
                assertEquals("23505", assertThrows(SQLException.class, () -> insert(c, "a1")).getSQLState());
            }
            storeA.append(experience("a3", "glm-5", 1));
            assertEquals(List.of("a3"), historyB.poll(storeB, System.nanoTime()).stream().map(Experience::decisionId).toList());
            assertEquals(1, historyB.gaps());
            historyB.poll(storeB, System.nanoTime() + Duration.ofSeconds(61).toNanos());
            assertEquals(0, historyB.gaps());
        }
    }

    @Test
    void aReplicaStartingLaterStartsAfterTheHistoryItLoaded() throws Exception {
        String url = migrated();
        try (AgroalDataSource a = dataSource(url)) {
            JdbcExperienceStore store = new JdbcExperienceStore(a);
            for (int i = 0; i < 5; i++) {
                store.append(experience("h" + i, "glm-5", 1));
            }
            List<Experience> loaded = store.recent(100);
            SharedHistory later = new SharedHistory(loaded, Duration.ofSeconds(60), System.nanoTime());
            assertEquals(5, later.cursor());
            assertEquals(List.of(), later.poll(store, System.nanoTime()));
            store.append(experience("h5", "glm-5", 1));
            assertEquals(List.of("h5"), later.poll(store, System.nanoTime()).stream().map(Experience::decisionId).toList());
        }
    }

    @Test
    void aStoppedDatabaseIsAStoreErrorAndTheStoreRecoversWhenItIsBack() throws Exception {
        String url = migrated();
        try (AgroalDataSource a = dataSource(url)) {
            JdbcExperienceStore store = new JdbcExperienceStore(a);
            store.append(experience("before", "glm-5", 1));
            server.stop();
            try {
                assertThrows(JdbcExperienceStore.StoreException.class, () -> store.append(experience("during", "glm-5", 1)));
            } finally {
                server.resume();
            }
            // the pooled connections the restart broke are found on borrow and replaced: the first call succeeds
            assertTrue(store.append(experience("after", "glm-5", 1)).created());
            assertEquals(List.of("before", "after"), store.recent(10).stream().map(Experience::decisionId).toList());
        }
    }

    private static void insert(Connection c, String decision) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO experiences (decision_id, task_id, dimension, model, "
                + "score, cost, reward, features, created_at) VALUES (?, 'task', 'algorithm', 'glm-5', 1, 0, 1, 'dim:algorithm', now())")) {
            s.setString(1, decision);
            s.executeUpdate();
        }
    }
}
