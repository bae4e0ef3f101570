package dev.arbiter.memory;

import java.util.List;
import java.util.Optional;

/**
 * Where decisions and experiences persist: an embedded database file (H2) for one replica, or PostgreSQL, which
 * several replicas share (each reads what the others recorded by sequence number: {@link SharedHistory}).
 */
public interface ExperienceStore {

    /** A stored routing decision: the task's features and vector and the decision as JSON. */
    record StoredDecision(String id, String taskId, String dimension, String features, float[] vector, String body) {
    }

    void saveDecision(StoredDecision decision);

    Optional<StoredDecision> findDecision(String id);

    /** The stored decisions with these ids that exist, in no particular order. */
    List<StoredDecision> findDecisions(java.util.Collection<String> ids);

    /** A decision as a list shows it: its ids, dimension, the decision JSON and when it was made. */
    record DecisionRow(String id, String taskId, String dimension, String body, java.time.Instant at) {
    }

    /**
     * The newest decisions, at most {@code limit}, newest first; a non-blank {@code search} keeps those whose id or
     * task id contains it or whose dimension is it (case-insensitive).
     */
    List<DecisionRow> recentDecisions(String search, int limit);

    /** When the decisions made at or after {@code since} were made, newest first, at most {@code limit}. */
    List<java.time.Instant> decisionTimes(java.time.Instant since, int limit);

    /** The stored experience, and whether this call created it (false: an earlier one for the same decision and model). */
    record Appended(Experience experience, boolean created) {
    }

    /**
     * Appends an experience unless one exists for the same decision and model, in which case the earlier one is
     * returned unchanged. Durable when it returns.
     */
    Appended append(Experience experience);

    /** The experiences recorded for one decision, oldest first. */
    List<Experience> forDecision(String decisionId);

    /** The newest experiences, at most {@code limit}, oldest first. */
    List<Experience> recent(int limit);

    /** Experiences with a sequence number above {@code seq}, lowest first, at most {@code limit}. */
    List<Experience> after(long seq, int limit);

    /** The experiences with these sequence numbers that exist, lowest first. */
    List<Experience> withSeq(java.util.Collection<Long> seqs);

    /** Deletes all but the newest {@code keep} experiences. */
    void trim(int keep);

    long count();

    /** Whether other processes may write this store too (PostgreSQL), so that what they record must be read. */
    boolean shared();
}
