package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.KillCause;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects an exec's stdout and stderr, each up to its own cap; bytes beyond it are counted, not kept, so the
 * service's memory stays flat whatever the candidate prints. A runner step's stdout is the judge's report and stderr
 * the candidate's output, so the report has a cap of its own ({@link #REPORT_CAP}): a candidate that prints a lot
 * cannot crowd out an honest report of many tests. Past a flood limit (either stream) it stops reading and reports
 * {@link #flooded()}, and the caller kills the container.
 */
final class BoundedOutput extends ResultCallback.Adapter<Frame> {
    /** 1,000 tests at ~200 bytes a report line, with five times headroom. */
    static final int REPORT_CAP = 1 << 20;
    private static final int FLOOD_FACTOR = 16;
    private final int stdoutCap;
    private final int stderrCap;
    private final long stdoutFlood;
    private final long stderrFlood;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private long stdoutSeen;
    private long stderrSeen;
    private volatile boolean flooded;
    private final byte[] completionPrefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile Integer completionStatus;

    /** A step's output: stdout up to the report cap, stderr (the candidate's output) up to the runtime's cap. */
    static BoundedOutput forStep(int outputCap) {
        return new BoundedOutput(Math.max(REPORT_CAP, outputCap), outputCap, null);
    }

    /**
     * With a completion prefix, a stdout line "&lt;prefix&gt;&lt;status&gt;" ends the collection early: the sender is done
     * even if its process has not yet been reaped.
     */
    static BoundedOutput forAgent(int outputCap, String completionPrefix) {
        return new BoundedOutput(Math.max(REPORT_CAP, outputCap), outputCap, completionPrefix);
    }

    BoundedOutput(int stdoutCap, int stderrCap, String completionPrefix) {
        this.stdoutCap = stdoutCap;
        this.stderrCap = stderrCap;
        this.stdoutFlood = 4L * stdoutCap;
        this.stderrFlood = (long) FLOOD_FACTOR * stderrCap;
        this.completionPrefix = completionPrefix == null ? null : completionPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null) {
            return;
        }
        synchronized (this) {
            if (frame.getStreamType() == StreamType.STDERR) {
                stderrSeen += payload.length;
                append(stderr, payload, stderrCap);
            } else {
                stdoutSeen += payload.length;
                append(stdout, payload, stdoutCap);
                scanForCompletion(payload);
            }
            if ((stdoutSeen > stdoutFlood || stderrSeen > stderrFlood) && !flooded) {
                flooded = true;
            }
        }
        if (flooded || completionStatus != null) {
            try {
                close();
            } catch (Exception ignored) {
                // closing only stops the stream; the container is killed by the caller
            }
        }
    }

    private static void append(ByteArrayOutputStream target, byte[] payload, int cap) {
        int room = cap - target.size();
        if (room > 0) {
            target.write(payload, 0, Math.min(room, payload.length));
        }
    }

    private void scanForCompletion(byte[] payload) {
        if (completionPrefix == null) {
            return;
        }
        for (byte b : payload) {
            if (b != '\n') {
                if (line.size() <= completionPrefix.length + 12) {
                    line.write(b);
                }
                continue;
            }
            byte[] text = line.toByteArray();
            line.reset();
            if (text.length > completionPrefix.length
                    && java.util.Arrays.equals(text, 0, completionPrefix.length, completionPrefix, 0, completionPrefix.length)) {
                try {
                    completionStatus = Integer.parseInt(new String(text, completionPrefix.length,
                            text.length - completionPrefix.length, StandardCharsets.US_ASCII).strip());
                    return;
                } catch (NumberFormatException ignored) {
                    // not a completion line after all
                }
            }
        }
    }

    /** The status announced by the completion line, or null when none was seen. */
    Integer completionStatus() {
        return completionStatus;
    }

    /**
     * Waits for the stream to end for at most {@code timeout}; past the flood limit or the timeout, runs {@code kill}.
     *
     * @return why the run was stopped (output limit, timeout), or null when it ended on its own
     */
    KillCause awaitOrKill(java.time.Duration timeout, Runnable kill) throws InterruptedException {
        boolean finished = awaitCompletion(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        KillCause killedBy = flooded() ? KillCause.OUTPUT_LIMIT : finished ? null : KillCause.TIMEOUT;
        if (killedBy != null) {
            kill.run();
        }
        return killedBy;
    }

    boolean flooded() {
        return flooded;
    }

    synchronized String stdout() {
        return decode(stdout);
    }

    synchronized String stderr() {
        return decode(stderr);
    }

    synchronized boolean stdoutTruncated() {
        return stdoutSeen > stdout.size();
    }

    synchronized boolean stderrTruncated() {
        return stderrSeen > stderr.size();
    }

    private static String decode(ByteArrayOutputStream bytes) {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
