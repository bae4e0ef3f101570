package dev.arbiter.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.Cancellation;
import dev.arbiter.sandbox.Isolation;
import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.sandbox.SandboxConfig;
import dev.arbiter.sandbox.SandboxJob;
import dev.arbiter.sandbox.SandboxRun;
import dev.arbiter.sandbox.SandboxUnavailableException;
import dev.arbiter.sandbox.StepResult;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Docker sandbox: takes a container from the warm pool, streams the job's files in as a tar archive, runs the
 * steps and destroys the container whatever happened. A one-step job running the runtime's own run command on a
 * runtime with an agent goes to the agent over attach; otherwise each step is a {@code docker exec}. In shared mode
 * such a job goes to a shard container instead ({@link ShardPool}), unless the task set its own limits.
 */
@ApplicationScoped
public class DockerSandbox implements Sandbox {
    private static final Duration COPY_TIMEOUT = Duration.ofSeconds(2);
    private static final String ROOT = ContainerFactory.USER;
    private static final String CANDIDATE = ContainerFactory.CANDIDATE_UID + ":" + ContainerFactory.CANDIDATE_UID;
    private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SLOT_POLL = Duration.ofMillis(200);

    private final WarmPool pool;
    private final ExecStep exec;
    private final AttachStep attach;
    private final Semaphore slots;
    private final ShardPool shards;
    private final Isolation isolation;
    private final RuntimeCatalog catalog;

    public DockerSandbox(DockerClient docker, ContainerFactory containers, WarmPool pool, ShardPool shards,
            SandboxConfig config, RuntimeCatalog catalog) {
        this.pool = pool;
        this.catalog = catalog;
        this.shards = shards;
        this.isolation = config.isolation();
        this.exec = new ExecStep(docker, containers);
        this.attach = new AttachStep(docker, containers);
        this.slots = new Semaphore(config.maxConcurrent(), true);
    }

    /** The configured isolation (arbiter.sandbox.isolation): what a client that names none gets. */
    public Isolation isolation() {
        return isolation;
    }

    /**
     * Runs the job in the client's isolation mode. On the client's cancellation the job's container is destroyed
     * at once (freeing its slot) and the run ends with a CancellationException instead of results. A shard job is
     * not cut short (its shard's other candidates share the container); its result is dropped.
     */
    @Override
    public SandboxRun run(Runtime runtime, SandboxJob job, SandboxClient client) {
        long started = System.nanoTime();
        Cancellation cancellation = client.cancellation();
        cancellation.check();
        Isolation mode = client.isolation() != null ? client.isolation() : isolation;
        // A task with its own limits runs strict: a shard's container has its runtime's limits.
        if (mode == Isolation.SHARED && runtime.shardRuns(job) && catalog.isCatalogs(runtime)) {
            List<SandboxJob.Step> steps = job.steps();
            SandboxJob.Step run = steps.get(steps.size() - 1);
            // A one-step job's budget includes the copy, as the agent's does; a runner that compiles has the files
            // before its compile step starts, and holds each step to its own timeout as strict mode does.
            Duration compile = steps.size() == 2 ? steps.get(0).timeout() : null;
            Duration timeout = compile == null ? run.timeout().plus(COPY_TIMEOUT) : run.timeout();
            List<StepResult> results = shards.run(runtime, run.name(), job.files(), timeout, compile);
            cancellation.check();
            return new SandboxRun(results, 0, ms(System.nanoTime() - started), true);
        }
        acquireSlot(cancellation);
        try {
            WarmPool.Lease lease = pool.acquire(runtime);
            long acquired = System.nanoTime();
            SandboxContainer container = lease.container();
            AtomicBoolean discarded = new AtomicBoolean();
            Runnable discard = () -> {
                if (discarded.compareAndSet(false, true)) {
                    pool.discard(container);
                }
            };
            try (Cancellation.Registration stop = cancellation.onCancel(discard)) {
                List<StepResult> results = steps(runtime, job, container, cancellation);
                return new SandboxRun(results, ms(acquired - started), ms(System.nanoTime() - started), lease.warm());
            } catch (SandboxUnavailableException e) {
                cancellation.check(); // the container was destroyed because its client went away: no engine failure
                throw e;
            } finally {
                discard.run();
            }
        } finally {
            slots.release();
        }
    }

    private List<StepResult> steps(Runtime runtime, SandboxJob job, SandboxContainer container, Cancellation cancellation) {
        byte[] tar = TarArchive.of(job.files());
        int outputCap = runtime.limits().outputKb() * 1024;
        List<StepResult> results = new ArrayList<>();
        for (SandboxJob.Step step : job.steps()) {
            boolean first = results.isEmpty();
            StepResult result;
            if (first && runtime.hasAgent() && runtime.agentRuns(job)) {
                result = attach.run(container, step.name(), tar, step.timeout().plus(COPY_TIMEOUT), outputCap);
            } else if (first) {
                String token = CopyToken.next();
                result = exec.run(container, step.name(), withFilesCopiedIn(tar.length, step, token), ROOT, tar,
                        step.timeout().plus(COPY_TIMEOUT), outputCap);
                boolean copied = CopyToken.announced(result, token);
                if (!copied && result.killedBy() == null) {
                    cancellation.check();
                    throw new SandboxUnavailableException("could not copy files into sandbox " + container.shortId()
                            + ": " + result.stderr().strip());
                }
                result = copied ? CopyToken.strip(result, token) : result;
            } else {
                result = exec.run(container, step.name(), step.command(), step.runner() ? ROOT : CANDIDATE, null,
                        step.timeout(), outputCap);
            }
            cancellation.check();
            results.add(result);
            if (step.stopOnFailure() && !result.succeeded()) {
                break;
            }
        }
        return results;
    }

    /**
     * The first step unpacks the job's tar stream from stdin into the work dir (as root, files owned by root), then
     * writes the run's copy token on stderr and replaces itself with the step's command, whose stdin is /dev/null.
     * The token is the sandbox's own proof that the copy succeeded: it is written before any candidate code runs and
     * leaves no trace the candidate could read (it was only in this shell's arguments, replaced by the exec), so a
     * candidate can neither fake a failed copy nor hide one. A runner step keeps root (it drops to the judge's and the
     * candidate's uids itself); any other step gets the work dir and runs as the candidate. One exec instead of two;
     * head -c ends the archive after exactly its bytes, whether or not the engine forwards stdin's end.
     */
    static List<String> withFilesCopiedIn(int tarBytes, SandboxJob.Step step, String token) {
        String unpack = "head -c " + tarBytes + " | tar -x -m --no-same-owner -C " + ContainerFactory.WORK_DIR + " || exit 125; ";
        String handOver = step.runner() ? "echo " + token + " >&2; exec \"$@\" < /dev/null"
                : "find " + ContainerFactory.WORK_DIR + " ! -perm 400 -exec chown -h " + CANDIDATE + " {} + || exit 125; "
                        + "echo " + token + " >&2; exec setpriv --reuid=" + ContainerFactory.CANDIDATE_UID + " --regid="
                        + ContainerFactory.CANDIDATE_UID + " --clear-groups --inh-caps=-all \"$@\" < /dev/null";
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", unpack + handOver, "arbiter-step"));
        wrapped.addAll(step.command());
        return wrapped;
    }

    /** Waits for a slot, in short steps so that a client that went away stops waiting. */
    private void acquireSlot(Cancellation cancellation) {
        long deadline = System.nanoTime() + QUEUE_TIMEOUT.toNanos();
        try {
            while (!slots.tryAcquire(SLOT_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                cancellation.check();
                if (System.nanoTime() > deadline) {
                    throw new SandboxUnavailableException("all sandbox slots stayed busy for " + QUEUE_TIMEOUT.toSeconds() + "s");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted while waiting for a sandbox slot", e);
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
