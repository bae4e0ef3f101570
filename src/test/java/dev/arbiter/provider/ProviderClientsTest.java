package dev.arbiter.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.arbiter.provider.StubProviders.ANTHROPIC_PATH;
import static dev.arbiter.provider.StubProviders.OPENAI_PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.ProviderConnection;
import dev.arbiter.router.ProviderConnection.Kind;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The provider clients against a real local HTTP server scripted per model: answers with usage and cost, a 429 that
 * is waited out as Retry-After asks, an outage that opens the breaker, junk, a timeout, and keys that go in the right
 * header and nowhere else.
 */
@QuarkusTest
@TestProfile(NoSandbox.class)
class ProviderClientsTest {
    private static final String OPENAI_KEY = "sk-test-openai-7f3a9c2e41d8";
    private static final String ANTHROPIC_KEY = "sk-ant-test-5b1e0d9a77c3";
    private static final Map<String, String> ENV = Map.of("STUB_OPENAI_KEY", OPENAI_KEY, "STUB_ANTHROPIC_KEY", ANTHROPIC_KEY);
    /** Small waits and a four-call breaker window, so that every behaviour shows within a second or two. */
    private static final ProviderSettings FAST = new ProviderSettings(3, Duration.ofMillis(50), Duration.ofMillis(200),
            Duration.ofSeconds(5), 4, 0.5, Duration.ofSeconds(30));
    private static WireMockServer server;
    private static StubProviders stub;

    @Inject
    ObjectMapper json;
    private ProviderRegistry registry;

    @BeforeAll
    static void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        stub = new StubProviders(server);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void freshBreakers() throws IOException {
        server.resetAll();
        String base = "http://127.0.0.1:" + server.port();
        registry = new ProviderRegistry(List.of(
                openAi("gpt-answers", base + "/v1", "gpt-x", 60),
                anthropic("claude-answers", base, "claude-x", 60),
                openAi("gpt-busy", base + "/v1", "gpt-busy", 60),
                openAi("gpt-junk", base + "/v1", "gpt-junk", 60),
                anthropic("claude-junk", base, "claude-junk", 60),
                openAi("gpt-slow", base + "/v1", "gpt-slow", 0.5),
                anthropic("claude-down", base + "/down", "claude-down", 60),
                openAi("gpt-refused", "http://127.0.0.1:" + closedPort() + "/v1", "gpt-refused", 60),
                new ModelSpec("routed-only", "Nobody", "low", 1, 1, true)), json, FAST, ENV::get);
    }

    @AfterEach
    void closeClients() {
        registry.close();
    }

    private static ModelSpec openAi(String name, String base, String providerModel, double timeout) {
        return new ModelSpec(name, "StubOpenAI", "mid", 2.5, 15.0, true,
                new ProviderConnection(Kind.OPENAI_COMPATIBLE, base, "STUB_OPENAI_KEY", providerModel, null, timeout));
    }

    private static ModelSpec anthropic(String name, String base, String providerModel, double timeout) {
        return new ModelSpec(name, "StubAnthropic", "high", 3.0, 15.0, true,
                new ProviderConnection(Kind.ANTHROPIC, base, "STUB_ANTHROPIC_KEY", providerModel, 1024, timeout));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private ChatAnswer ask(String model) {
        return registry.find(model).orElseThrow().chat(List.of(
                ChatMessage.system("You write Python."), ChatMessage.user("Write f() returning 1.")));
    }

    /** The failure, checked to be typed and to carry neither key anywhere in its chain. */
    private ProviderUnavailableException failure(ProviderFailure expected, Executable call) {
        ProviderUnavailableException e = assertThrows(ProviderUnavailableException.class, call);
        assertEquals(expected, e.reason(), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String key : ENV.values()) {
                assertFalse(String.valueOf(t.getMessage()).contains(key), "a key leaked into " + t);
                assertFalse(t.toString().contains(key), "a key leaked into " + t);
            }
        }
        return e;
    }

    private int requests(String path) {
        return server.countRequestsMatching(postRequestedFor(urlEqualTo(path)).build()).getCount();
    }

    @Test
    void anOpenAiCompatibleModelAnswersWithUsageAndCostAndTheKeyAsBearer() {
        stub.answers(OPENAI_PATH, "gpt-x", StubProviders.openAiAnswer("def f():\n    return 1", 1000, 200));
        ChatAnswer a = ask("gpt-answers");
        assertEquals("def f():\n    return 1", a.text());
        assertEquals(new TokenUsage(1000, 200), a.usage());
        assertEquals((1000 * 2.5 + 200 * 15.0) / 1e6, a.costUsd(), 1e-12);
        assertEquals("gpt-answers", a.model());
        assertTrue(a.latency().toNanos() > 0);
        server.verify(postRequestedFor(urlEqualTo(OPENAI_PATH))
                .withHeader("Authorization", equalTo("Bearer " + OPENAI_KEY))
                .withRequestBody(equalToJson("""
                        {"model":"gpt-x","max_tokens":4096,"messages":[
                          {"role":"system","content":"You write Python."},{"role":"user","content":"Write f() returning 1."}]}""")));
    }

    @Test
    void anAnthropicModelAnswersWithItsKeyInXApiKeyAndTheSystemApart() {
        stub.answers(ANTHROPIC_PATH, "claude-x", StubProviders.anthropicAnswer("def f():", "\n    return 1", 800, 100));
        ChatAnswer a = ask("claude-answers");
        assertEquals("def f():\n    return 1", a.text());
        assertEquals(new TokenUsage(800, 100), a.usage());
        assertEquals((800 * 3.0 + 100 * 15.0) / 1e6, a.costUsd(), 1e-12);
        server.verify(postRequestedFor(urlEqualTo(ANTHROPIC_PATH))
                .withHeader("x-api-key", equalTo(ANTHROPIC_KEY))
                .withHeader("anthropic-version", equalTo("2023-06-01"))
                .withHeader("Authorization", absent())
                .withRequestBody(equalToJson("""
                        {"model":"claude-x","max_tokens":1024,"system":"You write Python.",
                         "messages":[{"role":"user","content":"Write f() returning 1."}]}""")));
    }

    @Test
    void aRateLimitIsWaitedOutAsRetryAfterAsksThenAnswered() {
        stub.rateLimitedOnceThenAnswers(OPENAI_PATH, "gpt-busy", 1, StubProviders.openAiAnswer("ok", 10, 5));
        ChatAnswer a = ask("gpt-busy");
        assertEquals("ok", a.text());
        assertEquals(2, requests(OPENAI_PATH));
        assertTrue(a.latency().compareTo(Duration.ofMillis(1000)) >= 0, "waited only " + a.latency());
    }

    @Test
    void aRetryAfterLongerThanTheCapIsNotWaitedFor() {
        stub.replies(OPENAI_PATH, "gpt-busy", aResponse().withStatus(429).withHeader("Retry-After", "120"));
        long start = System.nanoTime();
        ProviderUnavailableException e = failure(ProviderFailure.RATE_LIMITED, () -> ask("gpt-busy"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0, "it waited");
        assertEquals(Duration.ofSeconds(120), e.retryAfter().orElseThrow());
        assertEquals(1, requests(OPENAI_PATH));
    }

    private static String sse(String... chunks) {
        StringBuilder b = new StringBuilder();
        for (String c : chunks) {
            b.append("data: ").append(c).append("\n\n");
        }
        return b.append("data: [DONE]\n\n").toString();
    }

    private static String piece(String text, String finish) {
        return "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}";
    }

    private void streams(String providerModel, String body) {
        stub.replies(OPENAI_PATH, providerModel, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(body));
    }

    @Test
    void aStreamPassesItsPiecesOnAndEndsWithUsageAndFinishReason() {
        streams("gpt-x", sse(piece("def ", null), piece("f(): pass", "length"),
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":7}}"));
        java.util.List<String> pieces = new java.util.ArrayList<>();
        ChatAnswer a = registry.find("gpt-answers").orElseThrow().stream(List.of(ChatMessage.user("f")), 100, pieces::add);
        assertEquals(List.of("def ", "f(): pass"), pieces);
        assertEquals("def f(): pass", a.text());
        assertEquals(new TokenUsage(30, 7), a.usage());
        assertTrue(a.truncated());
        server.verify(postRequestedFor(urlEqualTo(OPENAI_PATH)).withRequestBody(equalToJson(
                "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"max_tokens\":100}", true, true)));
    }

    @Test
    void anAnthropicStreamPassesItsTextDeltasOnWithBothCounts() {
        String events = String.join("", List.of(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n",
                "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
                "event: ping\ndata: {\"type\":\"ping\"}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"def \"}}\n\n",
                "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"f(): pass\"}}\n\n",
                "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n",
                "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":9}}\n\n",
                "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
        stub.replies(ANTHROPIC_PATH, "claude-x", aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(events));
        java.util.List<String> pieces = new java.util.ArrayList<>();
        ChatAnswer a = registry.find("claude-answers").orElseThrow().stream(List.of(ChatMessage.system("s"),
                ChatMessage.user("f")), 100, pieces::add);
        assertEquals(List.of("def ", "f(): pass"), pieces);
        assertEquals(new TokenUsage(25, 9), a.usage());
        assertEquals((25 * 3.0 + 9 * 15.0) / 1e6, a.costUsd(), 1e-12);
        assertTrue(a.truncated());
        server.verify(postRequestedFor(urlEqualTo(ANTHROPIC_PATH)).withHeader("x-api-key", equalTo(ANTHROPIC_KEY))
                .withRequestBody(equalToJson("{\"stream\":true,\"max_tokens\":100,\"system\":\"s\"}", true, true)));
    }

    @Test
    void anErrorChunkInAStreamIsAServerError() {
        streams("gpt-x", sse("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        failure(ProviderFailure.SERVER_ERROR, () -> registry.find("gpt-answers").orElseThrow()
                .stream(List.of(ChatMessage.user("f")), 100, p -> { }));
    }

    @Test
    void anEmptyStreamIsNoAnswer() {
        streams("gpt-x", sse());
        failure(ProviderFailure.MALFORMED_RESPONSE, () -> registry.find("gpt-answers").orElseThrow()
                .stream(List.of(ChatMessage.user("f")), 100, p -> { }));
    }

    @Test
    void aClientThatGoesAwayMidStreamIsNobodysFailure() {
        streams("gpt-x", sse(piece("a", null), piece("b", "stop")));
        ChatProvider p = registry.find("gpt-answers").orElseThrow();
        for (int i = 0; i < 2 * FAST.breakerWindow(); i++) {
            assertThrows(java.util.concurrent.CancellationException.class, () -> p.stream(List.of(ChatMessage.user("f")),
                    100, piece -> {
                        throw new java.util.concurrent.CancellationException("client gone");
                    }));
        }
        assertEquals(2 * FAST.breakerWindow(), requests(OPENAI_PATH), "a client that went away was retried");
        assertEquals("ab", p.stream(List.of(ChatMessage.user("f")), 100, x -> { }).text(), "the breaker opened");
    }

    @Test
    void refusedRequestsDoNotOpenTheProvidersBreaker() {
        stub.replies(OPENAI_PATH, "gpt-x", aResponse().withStatus(400).withBody("{\"error\":\"context too long\"}"));
        for (int i = 0; i < 2 * FAST.breakerWindow(); i++) {
            failure(ProviderFailure.REJECTED, () -> ask("gpt-answers"));
        }
        stub.answers(OPENAI_PATH, "gpt-busy", StubProviders.openAiAnswer("fine", 1, 1));
        assertEquals("fine", ask("gpt-busy").text());
    }

    @Test
    void aServerThatFailsEveryTimeIsRetriedThenTypedAndItsBreakerOpens() {
        stub.replies("/down" + ANTHROPIC_PATH, "claude-down", aResponse().withStatus(503).withBody("upstream down"));
        ProviderUnavailableException e = failure(ProviderFailure.SERVER_ERROR, () -> ask("claude-down"));
        assertEquals("StubAnthropic", e.provider());
        assertEquals("claude-down", e.model());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
        assertEquals(1 + FAST.maxRetries(), requests("/down" + ANTHROPIC_PATH));

        long start = System.nanoTime();
        failure(ProviderFailure.CIRCUIT_OPEN, () -> ask("claude-down"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(200)) < 0, "did not fail fast");
        assertEquals(1 + FAST.maxRetries(), requests("/down" + ANTHROPIC_PATH), "an open breaker still called");
    }

    @Test
    void aRefusedConnectionIsUnreachableAndOpensThatProvidersBreakerOnly() {
        ProviderUnavailableException e = failure(ProviderFailure.UNREACHABLE, () -> ask("gpt-refused"));
        assertTrue(e.getMessage().contains("gpt-refused"), e.getMessage());
        failure(ProviderFailure.CIRCUIT_OPEN, () -> ask("gpt-refused"));
        stub.answers(OPENAI_PATH, "gpt-x", StubProviders.openAiAnswer("still here", 1, 1));
        assertEquals("still here", ask("gpt-answers").text());
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedAndNotRetried() {
        stub.replies(OPENAI_PATH, "gpt-junk", aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Gateway says hi</body></html>"));
        failure(ProviderFailure.MALFORMED_RESPONSE, () -> ask("gpt-junk"));
        assertEquals(1, requests(OPENAI_PATH));
    }

    @Test
    void jsonWithoutTheProtocolsFieldsIsMalformed() {
        stub.answers(ANTHROPIC_PATH, "claude-junk", """
                {"type":"message","content":[{"type":"text","text":"hi"}]}""");
        ProviderUnavailableException e = failure(ProviderFailure.MALFORMED_RESPONSE, () -> ask("claude-junk"));
        assertTrue(e.getMessage().contains("/usage/input_tokens"), e.getMessage());
        stub.answers(OPENAI_PATH, "gpt-junk", "{\"choices\":[],\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1}}");
        failure(ProviderFailure.MALFORMED_RESPONSE, () -> ask("gpt-junk"));
    }

    @Test
    void aProviderSlowerThanTheModelsTimeoutTimesOutWithoutRetrying() {
        stub.replies(OPENAI_PATH, "gpt-slow", aResponse().withFixedDelay(3000).withHeader("Content-Type", "application/json")
                .withBody(StubProviders.openAiAnswer("late", 1, 1)));
        long start = System.nanoTime();
        ProviderUnavailableException e = failure(ProviderFailure.TIMEOUT, () -> ask("gpt-slow"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took);
        assertTrue(e.getMessage().contains("500 ms"), e.getMessage());
        assertEquals(1, requests(OPENAI_PATH));
    }

    @Test
    void aRejectionThatEchoesTheKeyIsReportedWithoutIt() {
        stub.replies(OPENAI_PATH, "gpt-x", aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided: " + OPENAI_KEY + "\"}}"));
        ProviderUnavailableException e = failure(ProviderFailure.REJECTED, () -> ask("gpt-answers"));
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
        assertEquals(1, requests(OPENAI_PATH));
    }

    @Test
    void aMissingKeyFailsBeforeAnyCallAndNamesOnlyTheVariable() {
        ProviderRegistry noKeys = new ProviderRegistry(List.of(openAi("gpt-answers", "http://127.0.0.1:" + server.port() + "/v1", "gpt-x", 60)),
                json, FAST, name -> null);
        try {
            ProviderUnavailableException e = failure(ProviderFailure.NO_KEY,
                    () -> noKeys.find("gpt-answers").orElseThrow().chat(List.of(ChatMessage.user("hi"))));
            assertTrue(e.getMessage().contains("STUB_OPENAI_KEY"), e.getMessage());
            assertEquals(0, requests(OPENAI_PATH));
        } finally {
            noKeys.close();
        }
    }

    @Test
    void theProvidersApisAreClientsNotEndpointsOfArbiter() {
        String openapi = io.restassured.RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertFalse(openapi.contains("/v1/messages"), "the Anthropic client interface is published as an endpoint");
        assertFalse(openapi.contains("\"/chat/completions\""), "the OpenAI client interface is published as an endpoint");
        io.restassured.RestAssured.given().contentType("application/json").body("{}").post("/v1/messages")
                .then().statusCode(org.hamcrest.Matchers.not(200));
    }

    @Test
    void onlyModelsWithAConnectionAreCallable() {
        assertTrue(registry.find("routed-only").isEmpty());
        assertTrue(registry.callable().contains("gpt-answers"));
    }
}
