package dev.arbiter.verifier;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How many verifications this process finished per minute and status, for the last {@link #MINUTES} minutes. In
 * memory only: verdicts are not stored, and each replica counts its own.
 */
@ApplicationScoped
public class VerificationActivity {
    /** An hour of minutes: the dashboard's longest window. */
    public static final int MINUTES = 60;
    private final long[] minute = new long[MINUTES];
    private final long[][] counts = new long[MINUTES][Status.values().length];

    /** One minute's counts: passed, failed, indeterminate. */
    public record Minute(Instant start, long passed, long failed, long indeterminate) {
        public long total() {
            return passed + failed + indeterminate;
        }
    }

    public synchronized void record(Status status, Instant at) {
        long m = at.getEpochSecond() / 60;
        int slot = (int) (m % MINUTES);
        if (minute[slot] != m) {
            minute[slot] = m;
            counts[slot] = new long[Status.values().length];
        }
        counts[slot][status.ordinal()]++;
    }

    /** The last {@code minutes} minutes up to the one holding {@code now}, oldest first, empty minutes included. */
    public synchronized List<Minute> lastMinutes(int minutes, Instant now) {
        int n = Math.max(1, Math.min(minutes, MINUTES));
        long current = now.getEpochSecond() / 60;
        List<Minute> out = new ArrayList<>(n);
        for (long m = current - n + 1; m <= current; m++) {
            int slot = (int) (m % MINUTES);
            long[] c = minute[slot] == m ? counts[slot] : new long[Status.values().length];
            out.add(new Minute(Instant.ofEpochSecond(m * 60), c[Status.PASSED.ordinal()], c[Status.FAILED.ordinal()],
                    c[Status.INDETERMINATE.ordinal()]));
        }
        return out;
    }
}
