package dev.arbiter.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.batch.ResponseInput.Item;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batch scoring: reads (task, model, response) lines ({@link ResponseInput}), keeps those of its {@link BatchShard},
 * verifies those whose id is not in the output yet with bounded concurrency, appends each verdict durably as it
 * completes, reports malformed lines by number and goes on, shows progress, and ends with a summary per model x
 * dimension (over the whole output, resumed runs included) and an outcome matrix in CodeRouterBench long format
 * ({@link VerdictReport}).
 */
public class BatchScorer {
    private final Verification verification;
    private final Validator validator;
    private final ObjectMapper json;
    private final int concurrency;

    /** Where the verdicts come from: this process's own Verifier, or a running service ({@link RemoteVerifier}). */
    @FunctionalInterface
    public interface Verification {
        Verdict verify(VerificationRequest request);
    }

    /** Verifies in this process as {@code client}: in its isolation mode, whatever a service beside it uses. */
    public BatchScorer(Verifier verifier, Validator validator, ObjectMapper json, int concurrency, SandboxClient client) {
        this(r -> verifier.verify(r, client), validator, json, concurrency);
    }

    public BatchScorer(Verification verification, Validator validator, ObjectMapper json, int concurrency) {
        this.verification = verification;
        this.validator = validator;
        this.json = json;
        this.concurrency = concurrency;
    }

    /**
     * What a run did and the summary text. {@code inShard} of the input's {@code inInput} readable items were this
     * run's shard (all of them without a shard).
     */
    /**
     * {@code firstStartedAt}: when the first candidate was handed to the verifier, {@code firstVerdictAt}: when the
     * first verdict was written (epoch ms each), 0 when none was.
     */
    public record Result(int scored, int resumed, int malformed, double seconds, String summary, int inShard, int inInput,
            long firstStartedAt, long firstVerdictAt) {
        /** Verdicts per second over the candidates this run verified. */
        public double rate() {
            return seconds > 0 ? scored / seconds : 0;
        }
    }

    public Result score(Path in, Path out, Path matrix, boolean terminal) throws IOException, InterruptedException {
        return score(in, out, matrix, BatchShard.ALL, terminal);
    }

    /** Scores the items of {@code in} that belong to {@code shard} into {@code out}, skipping the ids already there. */
    public Result score(Path in, Path out, Path matrix, BatchShard shard, boolean terminal) throws IOException, InterruptedException {
        ResponseInput.Lines input = new ResponseInput(json, validator).read(in);
        input.skipped().forEach(System.err::println);
        int malformed = input.skipped().size();
        List<Item> items = input.items().stream().filter(i -> shard.contains(i.id())).toList();
        try (VerdictLog log = VerdictLog.open(out, line -> VerdictLog.idOf(json, line))) {
            List<Item> todo = items.stream().filter(i -> !log.done().contains(i.id())).toList();
            int resumed = items.size() - todo.size();
            Progress progress = new Progress(todo.size(), terminal);
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            AtomicInteger failures = new AtomicInteger();
            java.util.concurrent.atomic.AtomicLong begun = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong first = new java.util.concurrent.atomic.AtomicLong();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Item item : todo) {
                    futures.add(pool.submit(() -> {
                        begun.compareAndSet(0, System.currentTimeMillis());
                        Verdict v = verification.verify(item.request());
                        try {
                            log.append(line(item, v));
                            first.compareAndSet(0, System.currentTimeMillis());
                        } catch (IOException e) {
                            throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
                        }
                        progress.step();
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        failures.incrementAndGet();
                        System.err.println("a verification failed: " + e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            BatchSummary summary = new BatchSummary();
            summary.note(String.format(Locale.ROOT, "Malformed lines skipped: %d. Already scored (resumed): %d.", malformed, resumed));
            if (shard.count() > 1) {
                summary.note(String.format(Locale.ROOT, "Shard %s: %d of the input's %d items.", shard, items.size(),
                        input.items().size()));
            }
            String text = new VerdictReport(json).write(out, matrix, summary);
            return new Result(todo.size() - failures.get(), resumed, malformed, seconds, text, items.size(), input.items().size(),
                    begun.get(), first.get());
        }
    }

    private String line(Item item, Verdict v) throws IOException {
        ObjectNode o = json.createObjectNode().put("id", item.id()).put("taskId", item.request().task().id())
                .put("dimension", item.request().task().dimension().wireName()).put("model", item.model()).put("cost", item.cost());
        o.set("verdict", json.valueToTree(v));
        return json.writeValueAsString(o);
    }
}
