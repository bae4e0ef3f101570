package dev.arbiter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Solves one task through a running service ({@code POST /v1/solve}): the progress on stderr as it happens, the result
 * JSON on stdout. A client of the service rather than an in-process loop, because what the router learns from the
 * solve belongs in the service's memory. Runs without booting the application (the JDK's HTTP client).
 */
@Command(mixinStandardHelpOptions = true, name = "solve", description = "Solve a task through a running service: route, "
        + "call the model, verify, repair or escalate within a budget. Exit 0 solved, 1 unsolved, 3 indeterminate.")
public class SolveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TASK", description = "a JSON file (or - for stdin): a task as /v1/verify takes "
            + "it, or a whole /v1/solve body {\"task\": {...}, \"maxCost\", \"allowedModels\", \"maxAttempts\"}")
    String file;

    @Option(names = "--url", defaultValue = "${env:ARBITER_URL:-http://127.0.0.1:8080}", description = "the service; "
            + "default: ARBITER_URL or ${DEFAULT-VALUE}")
    URI url;

    @Option(names = "--key", defaultValue = "${env:ARBITER_API_KEY}", description = "API key (role solve); default: "
            + "the ARBITER_API_KEY environment variable")
    String key;

    @Option(names = "--max-cost", description = "USD for the whole solve")
    Double maxCost;

    @Option(names = "--allowed-models", split = ",", description = "models it may call (comma-separated)")
    List<String> allowedModels;

    @Option(names = "--max-attempts", description = "model calls, repairs included")
    Integer maxAttempts;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        ObjectNode body;
        try {
            body = body();
        } catch (IOException e) {
            spec.commandLine().getErr().println("solve: " + file + ": " + e.getMessage());
            return 2;
        }
        String base = url.toString().endsWith("/") ? url.toString() : url + "/";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base).resolve("v1/solve"))
                .header("Content-Type", "application/json").header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        if (key != null && !key.isBlank()) {
            request.header("Authorization", "Bearer " + key.strip());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            spec.commandLine().getErr().println("solve: cannot reach " + url + ": " + e.getMessage());
            return 3;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                spec.commandLine().getErr().println("solve: HTTP " + response.statusCode() + ": " + readAll(in));
                return response.statusCode() == 503 ? 3 : 2;
            }
            return events(in);
        }
    }

    private ObjectNode body() throws IOException {
        String text = "-".equals(file) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(Path.of(file));
        JsonNode node = json.readTree(text);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        ObjectNode body = node.has("task") ? (ObjectNode) node : json.createObjectNode().set("task", node);
        if (maxCost != null) {
            body.put("maxCost", maxCost);
        }
        if (allowedModels != null) {
            var a = body.putArray("allowedModels");
            allowedModels.forEach(a::add);
        }
        if (maxAttempts != null) {
            body.put("maxAttempts", maxAttempts);
        }
        return body;
    }

    /** Reads the server-sent events: progress to stderr, the result to stdout; the exit code from its status. */
    private int events(BufferedReader in) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.isEmpty() && event != null) {
                JsonNode d = json.readTree(data.toString());
                if ("result".equals(event)) {
                    spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(d));
                    spec.commandLine().getOut().flush();
                    String status = d.path("status").asText();
                    if (!quiet) {
                        err.printf(Locale.ROOT, "%s (%s): %s, %.6f USD, %d ms%n", status, d.path("stopReason").asText(),
                                d.path("model").asText("no model"), d.path("totalCostUsd").asDouble(),
                                d.at("/timings/totalMs").asLong());
                    }
                    return "solved".equals(status) ? 0 : "unsolved".equals(status) ? 1 : 3;
                }
                if ("error".equals(event)) {
                    err.println("solve: " + d.path("detail").asText(d.toString()));
                    return d.path("status").asInt() == 503 ? 3 : 2;
                }
                if (!quiet) {
                    err.println(progress(event, d));
                    err.flush();
                }
                event = null;
                data.setLength(0);
            }
        }
        err.println("solve: the stream ended without a result");
        return 3;
    }

    static String progress(String event, JsonNode d) {
        return switch (event) {
            case "decision" -> "decision " + d.path("decisionId").asText() + ": " + d.path("model").asText();
            case "call" -> String.format(Locale.ROOT, "call %d: %s%s (max %d output tokens)", d.path("n").asInt(),
                    d.path("model").asText(), d.path("repair").asBoolean() ? " (repair)" : "", d.path("maxOutputTokens").asInt());
            case "attempt" -> d.path("outcome").asText().equals("provider_failure")
                    ? String.format(Locale.ROOT, "attempt %d: %s: provider failure (%s)", d.path("n").asInt(),
                            d.path("model").asText(), d.at("/failure/reason").asText())
                    : String.format(Locale.ROOT, "attempt %d: %s: %s (%s, confidence %.2f), %.6f USD, %d ms", d.path("n").asInt(),
                            d.path("model").asText(), d.at("/verdict/status").asText(), d.at("/verdict/reason").asText(),
                            d.at("/verdict/confidence").asDouble(), d.path("costUsd").asDouble(), d.path("latencyMs").asLong());
            default -> event + ": " + d;
        };
    }

    private static String readAll(BufferedReader in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (String line = in.readLine(); line != null && s.length() < 4000; line = in.readLine()) {
            s.append(line);
        }
        return s.toString();
    }
}
