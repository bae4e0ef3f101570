package dev.arbiter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbiter.support.PostgresServer;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's reads of stored decisions give the same answers on H2 and on PostgreSQL: newest first, searched by
 * id, task id (case-insensitive, {@code %} and {@code _} taken literally) or dimension, by time, and by many ids.
 */
class DecisionListTest {
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static AgroalDataSource source(String url, String user) throws Exception {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier().connectionPoolConfiguration(pool -> pool
                .maxSize(4).connectionFactoryConfiguration(f -> f.jdbcUrl(url).principal(new NamePrincipal(user)))));
    }

    private static AgroalDataSource h2() throws Exception {
        String url = "jdbc:h2:mem:decisions-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("db/migration/h2").load().migrate();
        return source(url, "sa");
    }

    private static AgroalDataSource pg() throws Exception {
        String url = postgres.newDatabase();
        Flyway.configure().dataSource(url, PostgresServer.USER, "").locations("db/migration/postgresql").load().migrate();
        return source(url, PostgresServer.USER);
    }

    private static void save(AgroalDataSource data, String id, String task, String dimension, Instant at) throws Exception {
        new JdbcExperienceStore(data).saveDecision(new ExperienceStore.StoredDecision(id, task, dimension, "[]",
                new float[] {1, 0}, "{\"decisionId\":\"" + id + "\"}"));
        try (Connection c = data.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE decisions SET created_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    private static List<String> ids(List<ExperienceStore.DecisionRow> rows) {
        return rows.stream().map(ExperienceStore.DecisionRow::id).toList();
    }

    private static void listsAlike(AgroalDataSource data) throws Exception {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        save(data, "d-1", "HumanEval/1", "algorithm", t);
        save(data, "d-2", "demo/100%_done", "bug_fixing", t.plusSeconds(60));
        save(data, "d-3", "demo/other", "algorithm", t.plusSeconds(120));
        JdbcExperienceStore store = new JdbcExperienceStore(data);

        assertEquals(List.of("d-3", "d-2", "d-1"), ids(store.recentDecisions(null, 10)));
        assertEquals(List.of("d-3", "d-2"), ids(store.recentDecisions(" ", 2)));
        assertEquals(List.of("d-1"), ids(store.recentDecisions("humaneval", 10)));
        assertEquals(List.of("d-3", "d-1"), ids(store.recentDecisions("ALGORITHM", 10)));
        assertEquals(List.of("d-2"), ids(store.recentDecisions("100%_", 10)));
        assertEquals(List.of(), ids(store.recentDecisions("0_d", 10)));
        assertEquals(List.of("d-2"), ids(store.recentDecisions("d-2", 10)));
        assertEquals(t.plusSeconds(60), store.recentDecisions("d-2", 1).get(0).at());
        assertEquals(List.of(t.plusSeconds(120), t.plusSeconds(60)), store.decisionTimes(t.plusSeconds(30), 10));

        List<String> many = new ArrayList<>(List.of("d-3", "d-1", "d-3"));
        for (int i = 0; i < 1200; i++) {
            many.add("unknown-" + i);
        }
        many.add("d-2");
        assertEquals(List.of("d-1", "d-2", "d-3"), store.findDecisions(many).stream()
                .map(ExperienceStore.StoredDecision::id).sorted().toList(), "a duplicate and unknown ids, over three IN lists");
    }

    @Test
    void h2ListsDecisions() throws Exception {
        try (AgroalDataSource data = h2()) {
            listsAlike(data);
        }
    }

    @Test
    void postgresListsDecisionsAlike() throws Exception {
        try (AgroalDataSource data = pg()) {
            listsAlike(data);
        }
    }
}
