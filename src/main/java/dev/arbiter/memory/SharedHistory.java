package dev.arbiter.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which experiences of a shared store this replica has learned, and the reading of those other replicas record.
 *
 * <p>The database numbers experiences ({@code seq}). A replica reads the numbers above the highest it has read, every
 * sync interval. A number can show up late (its insert committed after a higher one's) or never (an insert that lost
 * the exactly-once race consumed it): a number skipped over is a gap, asked for again at each sync until it shows up
 * or is older than the gap lifetime. Every experience is learned once, whether this replica recorded it (feedback
 * here) or read it: both paths {@link #claim} it first.
 *
 * <p>Thread-safe: feedback threads claim; one sync thread polls.
 */
public final class SharedHistory {
    /** Rows read per query. */
    static final int BATCH = 1_000;
    /** Gaps asked for per query, and at most held (a larger jump in numbering is not a commit race). */
    static final int MAX_GAPS = 1_000;
    /** Numbers remembered as learned: far more than can be in flight between two syncs. */
    private static final int REMEMBERED = 100_000;

    private final long gapLifetimeNanos;
    private long cursor;
    /** Missing numbers below the cursor, with when each was first missed (System.nanoTime). */
    private final TreeMap<Long, Long> gaps = new TreeMap<>();
    private final Map<Long, Boolean> learned = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * Starts after the experiences loaded at start-up (claimed here): the cursor is their highest number, and the
     * numbers missing among the last {@link #MAX_GAPS} below it are gaps (inserts other replicas may be committing).
     */
    public SharedHistory(List<Experience> loaded, Duration gapLifetime, long nowNanos) {
        this.gapLifetimeNanos = gapLifetime.toNanos();
        loaded.forEach(e -> claim(e.seq()));
        this.cursor = loaded.stream().mapToLong(Experience::seq).max().orElse(0);
        for (long seq = Math.max(1, cursor - MAX_GAPS + 1); seq < cursor; seq++) {
            if (!learned.containsKey(seq)) {
                gaps.put(seq, nowNanos);
            }
        }
    }

    /** True the first time an experience number is claimed: the caller learns it. */
    public synchronized boolean claim(long seq) {
        return learned.put(seq, Boolean.TRUE) == null;
    }

    /**
     * Reads what the store has that this replica has not learned: late numbers first, then everything above the
     * cursor. Returns the experiences to learn, already claimed, lowest number first within each part.
     *
     * @throws JdbcExperienceStore.StoreException when the store cannot be read (nothing is lost: the next sync retries)
     */
    public List<Experience> poll(ExperienceStore store, long nowNanos) {
        List<Experience> fresh = new ArrayList<>();
        expireGaps(nowNanos);
        if (!gaps.isEmpty()) {
            for (Experience e : store.withSeq(new ArrayList<>(gaps.keySet()))) {
                gaps.remove(e.seq());
                if (claim(e.seq())) {
                    fresh.add(e);
                }
            }
        }
        while (true) {
            List<Experience> rows = store.after(cursor, BATCH);
            for (Experience e : rows) {
                noteGaps(cursor + 1, e.seq(), nowNanos);
                cursor = e.seq();
                if (claim(e.seq())) {
                    fresh.add(e);
                }
            }
            if (rows.size() < BATCH) {
                return fresh;
            }
        }
    }

    private void noteGaps(long from, long to, long nowNanos) {
        if (to - from > MAX_GAPS) {
            return;
        }
        for (long seq = from; seq < to && gaps.size() < MAX_GAPS; seq++) {
            gaps.put(seq, nowNanos);
        }
    }

    private void expireGaps(long nowNanos) {
        for (Iterator<Long> it = gaps.values().iterator(); it.hasNext();) {
            if (nowNanos - it.next() > gapLifetimeNanos) {
                it.remove();
            }
        }
    }

    /** The highest number read (or loaded). */
    public long cursor() {
        return cursor;
    }

    /** Numbers skipped over and still awaited. */
    public int gaps() {
        return gaps.size();
    }
}
