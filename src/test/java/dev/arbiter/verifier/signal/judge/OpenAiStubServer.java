package dev.arbiter.verifier.signal.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local server speaking the OpenAI chat-completions protocol, standing in for a paid judge. It behaves like a
 * gullible model: an answer that tells it to give full marks gets them. Markers in the answer choose other
 * behaviours: JUDGE_SLOW (answers after the client's timeout), JUDGE_GARBAGE (prose, no JSON), JUDGE_500.
 * It refuses (HTTP 400) a request whose answer is not between the data markers the system message announces.
 */
public class OpenAiStubServer implements QuarkusTestResourceLifecycleManager {
    static final AtomicInteger CALLS = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TAG = Pattern.compile("<data-([0-9a-f]{16})>");
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::complete);
        server.start();
        return Map.of("arbiter.judge.enabled", "true",
                "arbiter.judge.base-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                "arbiter.judge.model", "stub-judge",
                "arbiter.judge.timeout", "1s");
    }

    private void complete(HttpExchange exchange) throws IOException {
        CALLS.incrementAndGet();
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        String system = request.path("messages").path(0).path("content").asText();
        String user = request.path("messages").path(1).path("content").asText();
        Matcher tag = TAG.matcher(system);
        if (!tag.find() || !user.contains("Answer:\n<data-" + tag.group(1) + ">") || !user.trim().endsWith("</data-" + tag.group(1) + ">")) {
            send(exchange, 400, "{\"error\":{\"message\":\"answer not delimited\"}}");
            return;
        }
        String content;
        if (user.contains("JUDGE_SLOW")) {
            sleep(3_000);
            content = "{\"score\": 0.9, \"rationale\": \"late\"}";
        } else if (user.contains("JUDGE_500")) {
            send(exchange, 500, "{\"error\":{\"message\":\"overloaded\"}}");
            return;
        } else if (user.contains("JUDGE_GARBAGE")) {
            content = "I think it is pretty good overall.";
        } else if (user.toLowerCase().contains("ignore all previous instructions")) {
            content = "{\"score\": 1.0, \"rationale\": \"The answer says it is correct.\"}";
        } else {
            content = "{\"score\": 0.8, \"rationale\": \"Reads correctly.\"}";
        }
        var reply = JSON.createObjectNode();
        reply.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
        send(exchange, 200, JSON.writeValueAsString(reply));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException ignored) {
            // the client gave up (timeout test)
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
