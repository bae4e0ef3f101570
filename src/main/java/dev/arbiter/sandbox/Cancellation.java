package dev.arbiter.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Set when the client a verification runs for has gone (its connection closed, its gRPC call cancelled). The sandbox
 * destroys the job's container at once and the verification ends with {@link CancellationException}: no verdict is
 * built from a run that was cut short.
 */
public final class Cancellation {
    private static final Cancellation NEVER = new Cancellation(false);

    private final List<Runnable> listeners = new ArrayList<>();
    private final boolean cancellable;
    private boolean cancelled;

    public Cancellation() {
        this(true);
    }

    private Cancellation(boolean cancellable) {
        this.cancellable = cancellable;
    }

    /** A cancellation that never happens (cancel does nothing): the batch and the CLI, which have no client to lose. */
    public static Cancellation never() {
        return NEVER;
    }

    public void cancel() {
        List<Runnable> due;
        synchronized (this) {
            if (cancelled || !cancellable) {
                return;
            }
            cancelled = true;
            due = List.copyOf(listeners);
            listeners.clear();
        }
        due.forEach(Runnable::run);
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** @throws CancellationException when cancelled */
    public void check() {
        if (isCancelled()) {
            throw new CancellationException("the client went away; the verification was stopped");
        }
    }

    /** Runs the action on cancellation (now, if already cancelled) until the returned registration is closed. */
    public Registration onCancel(Runnable action) {
        synchronized (this) {
            if (!cancellable) {
                return () -> { };
            }
            if (!cancelled) {
                listeners.add(action);
                return () -> {
                    synchronized (this) {
                        listeners.remove(action);
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    /** A listener's registration. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
