package dev.arbiter.batch;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** Progress on stderr: a bar with rate and ETA redrawn in place on a terminal; plain lines every 10 s otherwise. */
final class Progress {
    private static final long PLAIN_EVERY_NANOS = 10_000_000_000L;
    private final int total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private volatile long lastPlain = System.nanoTime();

    Progress(int total, boolean terminal) {
        this.total = total;
        this.terminal = terminal;
    }

    synchronized void step() {
        int n = done.incrementAndGet();
        long now = System.nanoTime();
        if (terminal) {
            System.err.print("\r" + line(n, now));
        } else if (now - lastPlain >= PLAIN_EVERY_NANOS || n == total) {
            lastPlain = now;
            System.err.println(line(n, now));
        }
    }

    synchronized void finish() {
        if (terminal) {
            System.err.println();
        }
    }

    private String line(int n, long now) {
        double seconds = Math.max(1e-9, (now - started) / 1e9);
        double rate = n / seconds;
        double eta = rate > 0 ? (total - n) / rate : 0;
        int width = 30;
        int filled = total == 0 ? width : (int) (width * (double) n / total);
        return String.format(Locale.ROOT, "[%s%s] %d/%d  %.1f/s  ETA %ds", "#".repeat(filled), ".".repeat(width - filled), n,
                total, rate, Math.round(eta));
    }
}
