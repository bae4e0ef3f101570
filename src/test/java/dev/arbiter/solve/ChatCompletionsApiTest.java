package dev.arbiter.solve;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI-compatible endpoint against the same scripted stub providers: a real OpenAI client (langchain4j's) with
 * only its base URL changed, routing by policy or by name, streaming, decision headers that feedback can use, a
 * provider outage passed over, and refusals for what is not supported.
 */
@QuarkusTest
@QuarkusTestResource(value = StubModels.class, restrictToAnnotatedClass = true)
class ChatCompletionsApiTest {
    private static final String ASK = "Write a Python function add(a, b) that returns the sum of a and b.";

    @TestHTTPResource("/v1")
    URL base;
    @Inject
    ObjectMapper json;

    @BeforeEach
    void freshScript() {
        StubModels.script();
    }

    private static ExtractableResponse<Response> chat(Map<String, Object> body, int status) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/chat/completions").then()
                .statusCode(status).extract();
    }

    private static Map<String, Object> body(String model, String content) {
        return Map.of("model", model, "messages", List.of(Map.of("role", "system", "content", "You are a coding assistant."),
                Map.of("role", "user", "content", content)));
    }

    @Test
    void anOpenAiClientUsesArbiterWithOnlyItsBaseUrlChanged() {
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(base.toString()).apiKey("unused-locally")
                .modelName("arbiter/auto").build();
        String answer = model.chat(ASK);
        assertTrue(answer.contains("def add(a, b)"), answer);
    }

    @Test
    void autoRoutesAmongCallableModelsPassesOverAnOutageAndNamesTheDecision() throws Exception {
        var r = chat(body("arbiter/auto", ASK), 200);
        String decision = r.header("X-Arbiter-Decision-Id");
        String model = r.header("X-Arbiter-Model");
        assertNotNull(decision);
        assertFalse(model.equals("down") || model.equals("routed-only"), model);
        JsonNode b = json.readTree(r.asString());
        assertEquals("chat.completion", b.get("object").asText());
        assertEquals(model, b.get("model").asText());
        assertEquals("assistant", b.at("/choices/0/message/role").asText());
        assertEquals(StubModels.IN, b.at("/usage/prompt_tokens").asInt());
        assertEquals(decision, b.at("/arbiter/decisionId").asText());
        assertEquals("code_generation", b.at("/arbiter/dimension").asText());
        assertEquals("python", b.at("/arbiter/language").asText());
        for (JsonNode s : b.at("/arbiter/skipped")) {
            assertEquals("down", s.get("model").asText(), b.toString());
        }
        given().get("/v1/decisions/" + decision).then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("decisionId", decision, "model", model,
                "verdict", Map.of("status", "passed", "confidence", 0.9))).post("/v1/feedback").then().statusCode(200);
    }

    @Test
    void aNamedModelIsCalledAndItsCostReported() throws Exception {
        var r = chat(body("strong", ASK), 200);
        assertEquals("strong", r.header("X-Arbiter-Model"));
        double cost = (StubModels.IN * 5.0 + StubModels.OUT * 25.0) / 1e6;
        assertEquals(cost, Double.parseDouble(r.header("X-Arbiter-Cost-Usd")), 1e-12);
        assertEquals(StubModels.RIGHT, json.readTree(r.asString()).at("/choices/0/message/content").asText());
    }

    @Test
    void theClientsDimensionWinsAndOtherwiseItIsInferred() throws Exception {
        var told = given().contentType(ContentType.JSON).header("X-Arbiter-Dimension", "test_generation")
                .body(body("strong", ASK)).post("/v1/chat/completions").then().statusCode(200).extract();
        assertEquals("test_generation", told.header("X-Arbiter-Dimension"));
        var fix = chat(body("strong", "This function has a bug, fix it:\n```python\ndef add(a, b):\n    return a - b\n```"), 200);
        assertEquals("bug_fixing", fix.header("X-Arbiter-Dimension"));
    }

    @Test
    void aStreamIsRelayedChunkByChunkWithUsageAndDone() throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(body("streamer", ASK));
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
        var r = chat(body, 200);
        assertTrue(r.contentType().startsWith("text/event-stream"), r.contentType());
        assertEquals("streamer", r.header("X-Arbiter-Model"));
        List<String> data = r.asString().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals("[DONE]", data.get(data.size() - 1));
        StringBuilder text = new StringBuilder();
        int pieces = 0;
        JsonNode usage = null;
        for (String d : data.subList(0, data.size() - 1)) {
            JsonNode c = json.readTree(d);
            assertEquals("chat.completion.chunk", c.get("object").asText(), d);
            if (c.at("/choices/0/delta/content").isTextual()) {
                text.append(c.at("/choices/0/delta/content").asText());
                pieces++;
            }
            if (c.has("usage")) {
                usage = c.get("usage");
            }
        }
        assertEquals(StubModels.RIGHT, text.toString());
        assertEquals(3, pieces, "the provider's three pieces were not relayed one by one");
        assertNotNull(usage);
        assertEquals(StubModels.OUT, usage.get("completion_tokens").asInt());
        StubModels.server.verify(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true"))));
    }

    @Test
    void anAnthropicModelStreamsThroughTheSameEndpoint() throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(body("claude", ASK));
        body.put("stream", true);
        body.put("stream_options", Map.of("include_usage", true));
        var r = chat(body, 200);
        assertEquals("claude", r.header("X-Arbiter-Model"));
        StringBuilder text = new StringBuilder();
        JsonNode usage = null;
        for (String d : r.asString().lines().filter(l -> l.startsWith("data: {")).map(l -> l.substring(6)).toList()) {
            JsonNode c = json.readTree(d);
            if (c.at("/choices/0/delta/content").isTextual()) {
                text.append(c.at("/choices/0/delta/content").asText());
            }
            usage = c.has("usage") ? c.get("usage") : usage;
        }
        assertEquals(StubModels.RIGHT, text.toString());
        assertEquals(StubModels.IN, usage.get("prompt_tokens").asInt());
        assertEquals(StubModels.OUT, usage.get("completion_tokens").asInt());
    }

    @Test
    void theFirstPieceReachesTheClientBeforeTheProviderHasFinished() throws Exception {
        String body = json.writeValueAsString(Map.of("model", "streamer", "stream", true,
                "messages", List.of(Map.of("role", "user", "content", ASK))));
        var request = java.net.http.HttpRequest.newBuilder(base.toURI().resolve("/v1/chat/completions"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        long first = -1;
        long last = -1;
        for (String line : (Iterable<String>) response.body()::iterator) {
            long at = (System.nanoTime() - start) / 1_000_000;
            if (first < 0 && line.contains("\"content\"")) {
                first = at;
            }
            if (line.equals("data: [DONE]")) {
                last = at;
            }
        }
        assertTrue(first >= 0 && last >= 0, "no content or no [DONE]");
        assertTrue(last - first >= StubModels.STREAM_MS / 3, "first piece at " + first + " ms, [DONE] at " + last
                + " ms: the stream was buffered, not relayed");
    }

    @Test
    void anOpenAiStreamingClientGetsTheWholeAnswer() throws Exception {
        OpenAiStreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(base.toString()).apiKey("unused")
                .modelName("streamer").build();
        List<String> partial = new ArrayList<>();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        model.chat(ASK, new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String piece) {
                partial.add(piece);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        });
        ChatResponse response = done.get(30, TimeUnit.SECONDS);
        assertEquals(StubModels.RIGHT, response.aiMessage().text());
        assertEquals(StubModels.RIGHT, String.join("", partial));
    }

    @Test
    void theVerifiedPolicySolvesTheLastUserMessageWithTheClientsTests() throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(body(ChatRouter.VERIFIED, ASK));
        body.put("arbiter", Map.of("tests", "def check(candidate):\n    assert candidate(2, 3) == 5\n",
                "entryPoint", "add", "allowedModels", List.of("fixer"), "maxCost", 0.05));
        var r = chat(body, 200);
        assertEquals("passed", r.header("X-Arbiter-Verdict"));
        assertEquals("fixer", r.header("X-Arbiter-Model"));
        JsonNode b = json.readTree(r.asString());
        assertEquals(StubModels.RIGHT, b.at("/choices/0/message/content").asText());
        assertEquals(2, b.at("/arbiter/attempts").asInt(), b.toString());
        assertEquals("solved", b.at("/arbiter/status").asText());
        assertEquals(2 * StubModels.IN, b.at("/usage/prompt_tokens").asInt());

        body.put("stream", true);
        String stream = chat(body, 200).asString();
        List<String> data = stream.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertEquals("[DONE]", data.get(data.size() - 1), stream);
        assertEquals(StubModels.RIGHT, json.readTree(data.get(0)).at("/choices/0/delta/content").asText());
        JsonNode last = json.readTree(data.get(1));
        assertEquals("passed", last.at("/arbiter/verdict").asText(), stream);
        assertEquals("fixer", last.get("model").asText());

        Map<String, Object> vague = new java.util.LinkedHashMap<>(body(ChatRouter.VERIFIED, "Do the thing we discussed."));
        vague.put("arbiter", Map.of("allowedModels", List.of("fixer")));
        given().contentType(ContentType.JSON).body(vague).post("/v1/chat/completions").then().statusCode(400)
                .body("violations.field", hasItem("arbiter.language"));
    }

    @Test
    void aModelWhoseProviderIsDownIsA502WithoutAKeyStreamingOrNot() {
        String text = chat(body("down", ASK), 502).asString();
        assertTrue(text.contains("server_error"), text);
        assertFalse(text.contains(StubModels.OPENAI_KEY), text);
        Map<String, Object> stream = new java.util.LinkedHashMap<>(body("down", ASK));
        stream.put("stream", true);
        assertTrue(chat(stream, 502).asString().contains("server_error"));
    }

    @Test
    void toolsImagesAndUnknownModelsAreRefusedClearly() {
        Map<String, Object> tools = new java.util.LinkedHashMap<>(body("arbiter/auto", ASK));
        tools.put("tools", List.of(Map.of("type", "function", "function", Map.of("name", "run"))));
        given().contentType(ContentType.JSON).body(tools).post("/v1/chat/completions").then().statusCode(400)
                .body("violations.field", hasItem("tools"));
        Map<String, Object> image = Map.of("model", "arbiter/auto", "messages", List.of(Map.of("role", "user", "content",
                List.of(Map.of("type", "image_url", "image_url", Map.of("url", "http://x/y.png"))))));
        given().contentType(ContentType.JSON).body(image).post("/v1/chat/completions").then().statusCode(400)
                .body("violations.field", hasItem("messages[0].content"));
        given().contentType(ContentType.JSON).body(body("no-such-model", ASK)).post("/v1/chat/completions").then()
                .statusCode(400).body("violations.field", hasItem("model"));
        given().contentType(ContentType.JSON).body(body("routed-only", ASK)).post("/v1/chat/completions").then()
                .statusCode(400).body("violations.field", hasItem("model"));
        given().contentType(ContentType.JSON).body(Map.of("model", "arbiter/auto", "messages",
                List.of(Map.of("role", "tool", "content", "x")))).post("/v1/chat/completions").then().statusCode(400)
                .body("violations.field", hasItem("messages[0].role"));
    }
}
