package dev.arbiter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Task;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batch scoring: reads (task, model, response) lines, verifies those whose id is not in the output yet with bounded
 * concurrency, appends each verdict durably as it completes, reports malformed lines by number and goes on, shows
 * progress, and ends with a summary per model x dimension (over the whole output, resumed runs included) and an
 * outcome matrix in CodeRouterBench long format (score = the verdict's confidence; indeterminate verdicts left out).
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

    /** What a run did and the summary text. */
    public record Result(int scored, int resumed, int malformed, double seconds, String summary) {
        /** Verdicts per second over the candidates this run verified. */
        public double rate() {
            return seconds > 0 ? scored / seconds : 0;
        }
    }

    private record Item(int line, String id, String model, double cost, VerificationRequest request) {
    }

    public Result score(Path in, Path out, Path matrix, boolean terminal) throws IOException, InterruptedException {
        List<Item> items = new ArrayList<>();
        int malformed = 0;
        try (BufferedReader reader = Files.newBufferedReader(in)) {
            int n = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    items.add(item(n, line));
                } catch (RuntimeException | IOException e) {
                    malformed++;
                    System.err.printf("%s:%d: skipped: %s%n", in, n, e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        try (VerdictLog log = VerdictLog.open(out, this::idOf)) {
            List<Item> todo = items.stream().filter(i -> !log.done().contains(i.id())).toList();
            int resumed = items.size() - todo.size();
            Progress progress = new Progress(todo.size(), terminal);
            long started = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            AtomicInteger failures = new AtomicInteger();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (Item item : todo) {
                    futures.add(pool.submit(() -> {
                        Verdict v = verification.verify(item.request());
                        try {
                            log.append(line(item, v));
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
            String summary = summarize(out, matrix, malformed, resumed);
            return new Result(todo.size() - failures.get(), resumed, malformed, seconds, summary);
        }
    }

    private Item item(int lineNumber, String line) throws IOException {
        JsonNode node = json.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Task task = json.treeToValue(node.get("task"), Task.class);
        if (task == null) {
            throw new IllegalArgumentException("no task");
        }
        JsonNode r = node.get("response");
        String text = r == null ? null : r.isTextual() ? r.asText() : r.path("text").asText(null);
        String model = node.path("model").asText(r != null && r.isObject() ? r.path("model").asText("") : "");
        double cost = node.path("cost").asDouble(r != null && r.isObject() ? r.path("costUsd").asDouble(0) : 0);
        VerificationRequest request = new VerificationRequest(task, new Response(text, model.isEmpty() ? null : model, cost));
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            var v = violations.iterator().next();
            throw new IllegalArgumentException(v.getPropertyPath() + " " + v.getMessage());
        }
        String id = node.hasNonNull("id") ? node.get("id").asText() : task.id() + "|" + model;
        return new Item(lineNumber, id, model, cost, request);
    }

    private String line(Item item, Verdict v) throws IOException {
        ObjectNode o = json.createObjectNode().put("id", item.id()).put("taskId", item.request().task().id())
                .put("dimension", item.request().task().dimension().wireName()).put("model", item.model()).put("cost", item.cost());
        o.set("verdict", json.valueToTree(v));
        return json.writeValueAsString(o);
    }

    /** The id of a written line, or null when the line is torn (a kill during the write). */
    private String idOf(String line) {
        try {
            JsonNode n = json.readTree(line);
            return n != null && n.hasNonNull("id") && n.has("verdict") ? n.get("id").asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private String summarize(Path out, Path matrix, int malformed, int resumed) throws IOException {
        BatchSummary summary = new BatchSummary();
        summary.skipped(resumed);
        summary.malformed(malformed);
        try (BufferedReader reader = Files.newBufferedReader(out); BufferedWriter m = Files.newBufferedWriter(matrix)) {
            m.write("task_id,dimension,model,score,cost_usd\n");
            for (String line; (line = reader.readLine()) != null; ) {
                JsonNode n = json.readTree(line);
                String status = n.at("/verdict/status").asText();
                double confidence = n.at("/verdict/confidence").asDouble();
                summary.add(n.path("model").asText(), n.path("dimension").asText(), status, confidence, n.path("cost").asDouble());
                if (!"indeterminate".equals(status)) {
                    m.write(String.format(Locale.ROOT, "%s,%s,%s,%s,%s%n", csv(n.path("taskId").asText()), n.path("dimension").asText(),
                            csv(n.path("model").asText()), confidence, n.path("cost").asDouble()));
                }
            }
        }
        return summary.markdown();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
