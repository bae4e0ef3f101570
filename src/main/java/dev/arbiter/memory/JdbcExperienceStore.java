package dev.arbiter.memory;

import dev.arbiter.verifier.Dimension;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The store over JDBC: H2 in a file by default, or PostgreSQL shared by replicas ({@link StoreSelection}); the same
 * SQL for both. Feedback is exactly-once by the table's unique constraint, not by a check before the insert.
 */
@ApplicationScoped
public class JdbcExperienceStore implements ExperienceStore {
    private static final String COLUMNS = "seq, decision_id, task_id, dimension, language, model, score, cost, reward, "
            + "verdict_id, features, vector, created_at, voter_losses";
    /** SQLSTATE of a unique constraint violation, the same in H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    /** Ids per IN list: far below the bind-parameter limits of H2 and PostgreSQL (32,767). */
    private static final int IN_CHUNK = 500;
    private final AgroalDataSource data;
    private final boolean shared;

    /** The datasource {@link StoreSelection} activated: the embedded H2 one or the PostgreSQL one. */
    @Inject
    public JdbcExperienceStore(@Any InjectableInstance<AgroalDataSource> sources) {
        this(sources.getActive());
    }

    public JdbcExperienceStore(AgroalDataSource data) {
        this.data = data;
        this.shared = StoreSelection.isPostgres(
                data.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration().jdbcUrl());
    }

    @Override
    public boolean shared() {
        return shared;
    }

    @Override
    public void saveDecision(StoredDecision d) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO decisions (id, task_id, dimension, features, vector, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, d.id());
            s.setString(2, d.taskId());
            s.setString(3, d.dimension());
            s.setString(4, d.features());
            s.setBytes(5, bytes(d.vector()));
            s.setString(6, d.body());
            s.setTimestamp(7, new Timestamp(System.currentTimeMillis()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot save decision " + d.id(), e);
        }
    }

    @Override
    public Optional<StoredDecision> findDecision(String id) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id, task_id, dimension, features, vector, body FROM decisions WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(new StoredDecision(r.getString(1), r.getString(2), r.getString(3),
                        r.getString(4), floats(r.getBytes(5)), r.getString(6))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read decision " + id, e);
        }
    }

    @Override
    public List<StoredDecision> findDecisions(java.util.Collection<String> ids) {
        List<String> all = List.copyOf(new java.util.LinkedHashSet<>(ids));
        List<StoredDecision> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT id, task_id, dimension, features, vector, body FROM decisions WHERE id IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    s.setString(i + 1, chunk.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.add(new StoredDecision(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                floats(r.getBytes(5)), r.getString(6)));
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read decisions", e);
            }
        }
        return out;
    }

    @Override
    public List<DecisionRow> recentDecisions(String search, int limit) {
        boolean filtered = search != null && !search.isBlank();
        String sql = "SELECT id, task_id, dimension, body, created_at FROM decisions"
                + (filtered ? " WHERE LOWER(id) LIKE ? ESCAPE '!' OR LOWER(task_id) LIKE ? ESCAPE '!' OR LOWER(dimension) = ?" : "")
                + " ORDER BY created_at DESC, id DESC LIMIT ?";
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (filtered) {
                String term = search.strip().toLowerCase(java.util.Locale.ROOT);
                String like = "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
                s.setString(i++, like);
                s.setString(i++, like);
                s.setString(i++, term);
            }
            s.setInt(i, limit);
            List<DecisionRow> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new DecisionRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                            r.getTimestamp(5).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot list decisions", e);
        }
    }

    @Override
    public List<java.time.Instant> decisionTimes(java.time.Instant since, int limit) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT created_at FROM decisions WHERE created_at >= ? ORDER BY created_at DESC LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(since));
            s.setInt(2, limit);
            List<java.time.Instant> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getTimestamp(1).toInstant());
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read decision times", e);
        }
    }

    @Override
    public Appended append(Experience e) {
        try (Connection c = data.getConnection()) {
            Optional<Experience> earlier = find(c, e.decisionId(), e.model());
            if (earlier.isPresent()) {
                return new Appended(earlier.get(), false);
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO experiences (decision_id, task_id, dimension, "
                    + "language, model, score, cost, reward, verdict_id, features, vector, created_at, voter_losses) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"seq"})) {
                s.setString(1, e.decisionId());
                s.setString(2, e.taskId());
                s.setString(3, e.dimension().wireName());
                s.setString(4, e.language());
                s.setString(5, e.model());
                s.setDouble(6, e.score());
                s.setDouble(7, e.cost());
                s.setDouble(8, e.reward());
                s.setString(9, e.verdictId());
                s.setString(10, e.features());
                s.setBytes(11, bytes(e.vector()));
                s.setTimestamp(12, Timestamp.from(e.at()));
                s.setString(13, e.voterLosses());
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                    long seq = keys.next() ? keys.getLong(1) : -1;
                    return new Appended(e.withSeq(seq), true);
                }
            } catch (SQLException insert) {
                if (!UNIQUE_VIOLATION.equals(insert.getSQLState())) {
                    throw insert;
                }
                // a concurrent feedback for the same decision and model (here or at another replica) won the race
                return new Appended(find(c, e.decisionId(), e.model())
                        .orElseThrow(() -> new StoreException("cannot save experience", insert)), false);
            }
        } catch (SQLException ex) {
            throw new StoreException("cannot save experience for decision " + e.decisionId(), ex);
        }
    }

    private Optional<Experience> find(Connection c, String decisionId, String model) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM experiences WHERE decision_id = ? AND model = ?")) {
            s.setString(1, decisionId);
            s.setString(2, model);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Experience> forDecision(String decisionId) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM experiences WHERE decision_id = ? ORDER BY seq")) {
            s.setString(1, decisionId);
            return list(s);
        } catch (SQLException e) {
            throw new StoreException("cannot read experiences of decision " + decisionId, e);
        }
    }

    @Override
    public List<Experience> recent(int limit) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM experiences ORDER BY seq DESC LIMIT ?")) {
            s.setInt(1, limit);
            List<Experience> out = list(s);
            Collections.reverse(out);
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read experiences", e);
        }
    }

    @Override
    public List<Experience> after(long seq, int limit) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM experiences WHERE seq > ? ORDER BY seq LIMIT ?")) {
            s.setLong(1, seq);
            s.setInt(2, limit);
            return list(s);
        } catch (SQLException e) {
            throw new StoreException("cannot read experiences after " + seq, e);
        }
    }

    @Override
    public List<Experience> withSeq(java.util.Collection<Long> seqs) {
        if (seqs.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(seqs.size(), "?"));
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM experiences WHERE seq IN (" + marks + ") ORDER BY seq")) {
            int i = 1;
            for (long seq : seqs) {
                s.setLong(i++, seq);
            }
            return list(s);
        } catch (SQLException e) {
            throw new StoreException("cannot read experiences by sequence", e);
        }
    }

    private static List<Experience> list(PreparedStatement s) throws SQLException {
        List<Experience> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(read(r));
            }
        }
        return out;
    }

    @Override
    public void trim(int keep) {
        try (Connection c = data.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM experiences WHERE seq <= (SELECT MAX(seq) FROM experiences) - ?")) {
            s.setInt(1, keep);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot trim experiences", e);
        }
    }

    @Override
    public long count() {
        try (Connection c = data.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM experiences")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw new StoreException("cannot count experiences", e);
        }
    }

    private static Experience read(ResultSet r) throws SQLException {
        return new Experience(r.getLong(1), r.getString(2), r.getString(3), Dimension.fromWire(r.getString(4)),
                r.getString(5), r.getString(6), r.getDouble(7), r.getDouble(8), r.getDouble(9), r.getString(10),
                r.getTimestamp(13).toInstant(), r.getString(11), floats(r.getBytes(12)), r.getString(14));
    }

    static byte[] bytes(float[] v) {
        if (v == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(v.length * 4);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static float[] floats(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        float[] v = new float[bytes.length / 4];
        for (int i = 0; i < v.length; i++) {
            v[i] = b.getFloat();
        }
        return v;
    }

    /** The store could not be read or written. */
    public static class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }
}
