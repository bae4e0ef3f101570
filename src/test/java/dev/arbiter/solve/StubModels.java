package dev.arbiter.solve;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real local HTTP server (WireMock) speaking the OpenAI and Anthropic protocols, scripted per model, and the models
 * file that points the service at it. Every model answers the one task family of the solve tests: {@code add(a, b)}.
 *
 * <ul>
 * <li>{@code cheap-wrong}: always answers {@code a - b};</li>
 * <li>{@code fixer}: a syntax error first, the right answer when its conversation carries a diagnosis;</li>
 * <li>{@code strong}: right, and expensive;</li>
 * <li>{@code busy}: 429 with Retry-After: 1 once, then right;</li>
 * <li>{@code down}: 503 every time, and the cheapest, so the router tries it first;</li>
 * <li>{@code claude}: right, over the Anthropic protocol with its key from the configuration;</li>
 * <li>{@code streamer}: right, and streams when asked to, dribbling its stream over {@link #STREAM_MS}.</li>
 * </ul>
 */
public class StubModels implements QuarkusTestResourceLifecycleManager {
    static final String ANTHROPIC_KEY = "sk-ant-solve-test-31c9e07d5a";
    static final String OPENAI_KEY = "sk-solve-test-8e2d41f0b6";
    static final String RIGHT = "Here you are:\n\n```python\ndef add(a, b):\n    return a + b\n```\n";
    static final String WRONG = "```python\ndef add(a, b):\n    return a - b\n```";
    static final String BROKEN = "```python\ndef add(a, b)\n    return a + b\n```";
    static final int IN = 120;
    static final int OUT = 40;
    /** How long the streamer takes to send its stream, in six chunks. */
    static final int STREAM_MS = 1500;
    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        script();
        String openai = connection("");
        String downAt = connection("/down");
        String busyAt = connection("/busy");
        String models = """
                models:
                  - {name: down,        provider: StubDown, input-per-1m: 0.01, output-per-1m: 0.05, connection: %3$s}
                  - {name: cheap-wrong, provider: Stub, input-per-1m: 0.1, output-per-1m: 0.4, connection: %1$s}
                  - {name: fixer,       provider: Stub, input-per-1m: 0.5, output-per-1m: 1.5, connection: %1$s}
                  - {name: busy,        provider: StubBusy, input-per-1m: 1.0, output-per-1m: 2.0, connection: %4$s}
                  - {name: strong,      provider: Stub, input-per-1m: 5.0, output-per-1m: 25.0, connection: %1$s}
                  - {name: streamer,    provider: Stub, input-per-1m: 0.2, output-per-1m: 0.8, connection: %1$s}
                  - name: claude
                    provider: StubAnthropic
                    input-per-1m: 3.0
                    output-per-1m: 15.0
                    connection: {kind: anthropic, base-url: "http://127.0.0.1:%2$d", key-env: STUB_ANTHROPIC_KEY, max-output-tokens: 2048}
                  - {name: routed-only, provider: Nobody, input-per-1m: 0.01, output-per-1m: 0.01}
                """.formatted(openai, server.port(), downAt, busyAt);
        try {
            Path file = Files.createTempFile("solve-models", ".yaml");
            Files.writeString(file, models);
            return Map.of("arbiter.router.models-file", file.toString(),
                    "STUB_OPENAI_KEY", OPENAI_KEY, "STUB_ANTHROPIC_KEY", ANTHROPIC_KEY,
                    "arbiter.provider.initial-backoff", "PT0.05S");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /**
     * A connection to the stub. The down and busy providers have their own base URLs, as real ones do: a provider's
     * circuit breaker is shared by the models at its base URL, and one provider's outage must not open another's.
     */
    private static String connection(String prefix) {
        return "{kind: openai-compatible, base-url: \"http://127.0.0.1:" + server.port() + prefix
                + "/v1\", key-env: STUB_OPENAI_KEY, timeout-seconds: 10}";
    }

    /** Where a model's OpenAI calls go. */
    static String path(String model) {
        return switch (model) {
            case "down" -> "/down/v1/chat/completions";
            case "busy" -> "/busy/v1/chat/completions";
            default -> "/v1/chat/completions";
        };
    }

    private static MappingBuilder openAi(String model) {
        return post(urlEqualTo(path(model))).withRequestBody(matchingJsonPath("$.model", equalTo(model)));
    }

    static String openAiAnswer(String text) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1764600000,"model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(quote(text), IN, OUT, IN + OUT);
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static void script() {
        server.resetAll();
        server.stubFor(openAi("cheap-wrong").willReturn(okJson(openAiAnswer(WRONG))));
        server.stubFor(openAi("fixer").atPriority(5).willReturn(okJson(openAiAnswer(BROKEN))));
        server.stubFor(openAi("fixer").atPriority(1).withRequestBody(matchingJsonPath("$.messages[3]"))
                .willReturn(okJson(openAiAnswer(RIGHT))));
        server.stubFor(openAi("strong").willReturn(okJson(openAiAnswer(RIGHT))));
        server.stubFor(openAi("down").willReturn(aResponse().withStatus(503).withBody("{\"error\":\"overloaded\"}")));
        server.stubFor(openAi("busy").inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{}"))
                .willSetStateTo("served"));
        server.stubFor(openAi("busy").inScenario("busy").whenScenarioStateIs("served")
                .willReturn(okJson(openAiAnswer(RIGHT))).willSetStateTo(Scenario.STARTED));
        server.stubFor(openAi("streamer").atPriority(5).willReturn(okJson(openAiAnswer(RIGHT))));
        server.stubFor(openAi("streamer").atPriority(1).withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(streamed(RIGHT)).withChunkedDribbleDelay(6, STREAM_MS)));
        server.stubFor(post(urlEqualTo("/v1/messages")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude")))
                .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(anthropicStream(RIGHT))));
        server.stubFor(post(urlEqualTo("/v1/messages")).atPriority(5)
                .withRequestBody(matchingJsonPath("$.model", equalTo("claude")))
                .willReturn(okJson("""
                        {"id":"msg_1","type":"message","role":"assistant","model":"claude","stop_reason":"end_turn",
                         "content":[{"type":"text","text":%s}],"usage":{"input_tokens":%d,"output_tokens":%d}}"""
                        .formatted(quote(RIGHT), IN, OUT))));
    }

    /** An Anthropic Messages stream: the input count, the answer in two text deltas, the output count. */
    static String anthropicStream(String text) {
        int half = text.length() / 2;
        return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":" + IN
                + ",\"output_tokens\":1}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                + quote(text.substring(0, half)) + "}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                + quote(text.substring(half)) + "}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":"
                + OUT + "}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    }

    /** An OpenAI stream: the answer in three deltas, then the usage chunk and [DONE]. */
    static String streamed(String text) {
        int third = text.length() / 3;
        String[] parts = {text.substring(0, third), text.substring(third, 2 * third), text.substring(2 * third)};
        StringBuilder sse = new StringBuilder();
        for (String p : parts) {
            sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"streamer\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":").append(quote(p)).append("},\"finish_reason\":null}]}\n\n");
        }
        sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"streamer\",\"choices\":[{\"index\":0,"
                + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        sse.append("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"streamer\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":" + IN + ",\"completion_tokens\":" + OUT + ",\"total_tokens\":" + (IN + OUT) + "}}\n\n");
        sse.append("data: [DONE]\n\n");
        return sse.toString();
    }
}
