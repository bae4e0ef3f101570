package dev.arbiter.sandbox.docker;

import dev.arbiter.sandbox.KillCause;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import dev.arbiter.sandbox.runtime.Runtime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One shared-mode shard: a container whose PID 1 is the runtime's shard runner. Jobs are written to its stdin as they
 * come ("job id timeout-ms size" + the files; a job that compiles first adds its compile step's timeout: "job id
 * timeout-ms size compile-timeout-ms"), the runner checks them one after another, each as its own processes under its
 * own uid in its own directory, and answers one "@@result {json}" line per job: the run step's fields, or "steps", one
 * object per step that ran (named "compile", "run"). After {@code capacity} jobs
 * (or when closed) it is sent "end", and the container is removed once the runner has answered everything. If the
 * runner or the engine fails, every job still waiting fails as unavailable: indeterminate, never a pass or a fail.
 */
final class Shard {
    private static final Logger LOG = Logger.getLogger(Shard.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_LINE = 4 << 20;
    private static final Duration STALL_MARGIN = Duration.ofSeconds(15);

    private final DockerClient docker;
    private final ContainerFactory containers;
    private final Runtime runtime;
    private final int capacity;
    private final java.util.concurrent.Executor cleaner;
    private final Integer cpu;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicBoolean disposed = new AtomicBoolean();
    private volatile SandboxContainer container;
    private volatile Pipe pipe;
    private OutputStream stdin;
    private volatile Output output;
    private int accepted;
    private int written;
    private volatile boolean ended;
    private volatile long lastProgress = System.nanoTime();

    private record Pending(CompletableFuture<List<StepResult>> result, String name, Duration timeout) {
    }

    Shard(DockerClient docker, ContainerFactory containers, Runtime runtime, int capacity,
            java.util.concurrent.Executor cleaner, Integer cpu) {
        this.docker = docker;
        this.cpu = cpu;
        this.cleaner = cleaner;
        this.containers = containers;
        this.runtime = runtime;
        this.capacity = capacity;
    }

    /** The CPU the shard's container is pinned to, or null. */
    Integer cpu() {
        return cpu;
    }

    /** Takes a place for one more job; false when the shard is full or closed. Called under the pool's lock. */
    boolean reserve() {
        if (accepted >= capacity || ended || failure.get() != null) {
            return false;
        }
        accepted++;
        return true;
    }

    boolean full() {
        return accepted >= capacity;
    }

    /** Jobs taken and not yet answered: the pool sends a new job to the least loaded shard. */
    int load() {
        return accepted - answered.get();
    }

    /**
     * Sends a reserved job; the future completes with the results of its steps, or fails when the shard does. With a
     * {@code compileTimeout} the runner compiles first (a step named "compile") and runs only what compiled.
     */
    CompletableFuture<List<StepResult>> submit(String name, Map<String, SandboxFile> files, Duration timeout,
            Duration compileTimeout) {
        byte[] payload = encode(files);
        CompletableFuture<List<StepResult>> result = new CompletableFuture<>();
        synchronized (this) {
            if (failure.get() != null) {
                throw new SandboxUnavailableException(failure.get());
            }
            String id = "j" + written;
            try {
                if (container == null) {
                    open();
                }
                Duration whole = compileTimeout == null ? timeout : timeout.plus(compileTimeout);
                pending.put(id, new Pending(result, name, whole));
                byte[] header = ("job " + id + " " + timeout.toMillis() + " " + payload.length
                        + (compileTimeout == null ? "" : " " + compileTimeout.toMillis()) + "\n").getBytes(StandardCharsets.US_ASCII);
                stdin.write(header);
                stdin.write(payload);
                written++;
                if (written == capacity) {
                    end();
                } else {
                    stdin.flush();
                }
            } catch (IOException | RuntimeException e) {
                fail("cannot send a job to shard " + (container == null ? "" : container.shortId()) + ": " + e.getMessage());
                throw new SandboxUnavailableException(failure.get(), e);
            }
        }
        return result;
    }

    private void open() throws IOException {
        int uidBase = 100_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20) * 1024;
        container = containers.startShard(runtime, List.of(String.valueOf(uidBase),
                String.valueOf(runtime.limits().outputKb() * 1024), String.valueOf(runtime.limits().pids()),
                String.valueOf(runtime.limits().memoryMb())), cpu);
        pipe = Pipe.open();
        stdin = Channels.newOutputStream(pipe.sink());
        output = new Output();
        docker.attachContainerCmd(container.id()).withStdIn(Channels.newInputStream(pipe.source()))
                .withStdOut(true).withStdErr(true).withFollowStream(true).withLogs(false).exec(output);
        lastProgress = System.nanoTime();
    }

    /** Sends "end" once: the runner finishes what it has and exits. Idle or full shards are ended. */
    synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (stdin == null) {
            dispose();
            return;
        }
        try {
            stdin.write("end\n".getBytes(StandardCharsets.US_ASCII));
            stdin.close();
        } catch (IOException e) {
            fail("cannot end shard " + container.shortId() + ": " + e.getMessage());
        }
        if (pending.isEmpty()) {
            dispose();
        }
    }

    boolean ended() {
        return ended;
    }

    boolean disposed() {
        return disposed.get();
    }

    /** True when the runner has had a job for longer than that job's time budget and said nothing. */
    boolean stalled() {
        long budget = pending.values().stream().mapToLong(p -> p.timeout().toNanos()).max().orElse(0);
        return !pending.isEmpty() && System.nanoTime() - lastProgress > budget + STALL_MARGIN.toNanos();
    }

    /**
     * Fails every waiting job and removes the container. Takes no lock: a sender blocked on a full pipe is released
     * by closing the pipe, and gets the failure.
     */
    void fail(String reason) {
        if (failure.compareAndSet(null, reason)) {
            if (pending.isEmpty()) {
                LOG.debugf("shard ended with no job waiting: %s", reason); // an idle shard at shutdown, say
            } else {
                LOG.warnf("shard failed with %d jobs waiting: %s", pending.size(), reason);
            }
        }
        ended = true;
        pending.forEach((id, p) -> p.result().completeExceptionally(new SandboxUnavailableException(failure.get())));
        pending.clear();
        dispose();
    }

    /**
     * Closes the job pipe (a blocked sender is released and fails) and removes the container on the cleaner thread:
     * never on the stream's own thread, which the engine client interrupts when the stream closes.
     */
    private void dispose() {
        if (!disposed.compareAndSet(false, true)) {
            return;
        }
        Pipe p = pipe;
        if (p != null) {
            try {
                p.sink().close();
            } catch (IOException ignored) {
                // closing only releases a blocked sender
            }
        }
        SandboxContainer c = container;
        Output o = output;
        cleaner.execute(() -> {
            if (c != null) {
                containers.remove(c.id());
            }
            try {
                if (o != null) {
                    o.close();
                }
                if (p != null) {
                    p.source().close();
                }
            } catch (IOException ignored) {
                // the stream is gone with the container
            }
        });
    }

    private void onResult(String line) throws IOException {
        JsonNode r = JSON.readTree(line);
        Pending p = pending.remove(r.path("id").asText());
        if (p == null) {
            throw new IOException("a result for an unknown job: " + r.path("id").asText());
        }
        lastProgress = System.nanoTime();
        answered.incrementAndGet();
        if (r.has("unavailable")) { // the runner could not check this job: indeterminate, and the shard goes on
            p.result().completeExceptionally(new SandboxUnavailableException(r.path("unavailable").asText()));
        } else {
            p.result().complete(steps(p.name(), r));
        }
        if (ended && pending.isEmpty()) {
            dispose();
        }
    }

    /** The job's files as the runner reads them: per file a line "size octal-mode name", then its bytes. */
    static byte[] encode(Map<String, SandboxFile> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var file : files.entrySet()) {
            String name = file.getKey();
            if (name.isBlank() || name.startsWith("/") || name.contains("..") || name.contains("\n")) {
                throw new IllegalArgumentException("file name must be relative and inside the work dir: " + name);
            }
            byte[] content = file.getValue().content();
            out.writeBytes((content.length + " " + Integer.toOctalString(file.getValue().mode()) + " " + name + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
        }
        return out.toByteArray();
    }

    /** The steps of a result: its "steps" when it has them (each named), else the one step {@code name}. */
    static List<StepResult> steps(String name, JsonNode r) {
        if (!r.has("steps")) {
            return List.of(step(name, r));
        }
        List<StepResult> out = new java.util.ArrayList<>();
        for (JsonNode s : r.path("steps")) {
            String stepName = s.path("name").asText();
            if (!stepName.equals("compile") && !stepName.equals("run")) {
                throw new IllegalArgumentException("a result for an unknown step: " + stepName);
            }
            out.add(step(stepName, s));
        }
        return List.copyOf(out);
    }

    /**
     * The runner's result as a step: same status rules as the one-candidate agent, unless it gives the exit code
     * itself ("exit": the code, null when killed) as a runner that runs a command as strict mode does. "stdout" is the judge's report
     * (capped by the runner at 1 MiB, apart from the candidate's output), "stderr" the candidate's output (capped at
     * the runtime's output cap).
     */
    static StepResult step(String name, JsonNode r) {
        KillCause killedBy = r.path("killedBy").isNull() || r.path("killedBy").isMissingNode() ? null
                : KillCause.valueOf(r.path("killedBy").asText().toUpperCase(java.util.Locale.ROOT));
        Integer exitCode = null;
        if (r.has("exit")) {
            exitCode = r.path("exit").isNull() ? null : r.path("exit").asInt();
        } else if (killedBy == null) {
            AgentExit exit = AgentExit.of(r.path("status").asInt());
            exitCode = exit.exitCode();
            killedBy = exit.killedBy();
        }
        byte[] out = Base64.getDecoder().decode(r.path("stdout").asText());
        byte[] err = Base64.getDecoder().decode(r.path("stderr").asText());
        return new StepResult(name, exitCode, killedBy, new String(out, StandardCharsets.UTF_8),
                r.path("stdoutSeen").asLong() > out.length, new String(err, StandardCharsets.UTF_8),
                r.path("stderrSeen").asLong() > err.length, Math.round(r.path("ms").asDouble()));
    }

    /** Splits the runner's stdout into lines; keeps the tail of its stderr for the failure message. */
    private final class Output extends ResultCallback.Adapter<Frame> {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

        @Override
        public void onNext(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) {
                return;
            }
            if (frame.getStreamType() == StreamType.STDERR) {
                if (stderr.size() < 8192) {
                    stderr.write(payload, 0, Math.min(payload.length, 8192 - stderr.size()));
                }
                return;
            }
            try {
                for (byte b : payload) {
                    if (b != '\n') {
                        if (line.size() >= MAX_LINE) {
                            throw new IOException("a line of the runner's output is too long");
                        }
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.startsWith("@@result ")) {
                        onResult(text.substring("@@result ".length()));
                    }
                }
            } catch (IOException | RuntimeException e) {
                fail("shard " + container.shortId() + " answered garbage: " + e.getMessage());
            }
        }

        @Override
        public void onComplete() {
            super.onComplete();
            if (!pending.isEmpty()) {
                fail("shard runner " + container.shortId() + " ended with " + pending.size() + " jobs unanswered: "
                        + stderr.toString(StandardCharsets.UTF_8).strip());
            } else {
                dispose();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            super.onError(throwable);
            fail("lost the stream of shard " + container.shortId() + ": " + throwable.getMessage());
        }
    }
}
