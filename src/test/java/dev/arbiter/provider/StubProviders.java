package dev.arbiter.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * Scripts a real local WireMock server as an OpenAI-compatible and an Anthropic provider, one behaviour per model
 * (the provider's model name in the request body picks it).
 */
final class StubProviders {
    static final String OPENAI_PATH = "/v1/chat/completions";
    static final String ANTHROPIC_PATH = "/v1/messages";
    private final WireMockServer server;

    StubProviders(WireMockServer server) {
        this.server = server;
    }

    static String openAiAnswer(String text, int in, int out) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","model":"m",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}""".formatted(quote(text), in, out, in + out);
    }

    static String anthropicAnswer(String first, String second, int in, int out) {
        return """
                {"id":"msg_1","type":"message","role":"assistant","model":"m","stop_reason":"end_turn",
                 "content":[{"type":"text","text":%s},{"type":"text","text":%s}],
                 "usage":{"input_tokens":%d,"output_tokens":%d}}""".formatted(quote(first), quote(second), in, out);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static MappingBuilder call(String path, String providerModel) {
        return post(urlEqualTo(path)).withRequestBody(matchingJsonPath("$.model", com.github.tomakehurst.wiremock.client.WireMock.equalTo(providerModel)));
    }

    void answers(String path, String providerModel, String body) {
        server.stubFor(call(path, providerModel).willReturn(okJson(body)));
    }

    void replies(String path, String providerModel, ResponseDefinitionBuilder reply) {
        server.stubFor(call(path, providerModel).willReturn(reply));
    }

    /** 429 with Retry-After the first time, then the answer. */
    void rateLimitedOnceThenAnswers(String path, String providerModel, int retryAfterSeconds, String body) {
        String scenario = "busy-" + providerModel;
        server.stubFor(call(path, providerModel).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", String.valueOf(retryAfterSeconds))
                        .withBody("{\"error\":{\"type\":\"rate_limit_error\"}}"))
                .willSetStateTo("served"));
        server.stubFor(call(path, providerModel).inScenario(scenario).whenScenarioStateIs("served")
                .willReturn(okJson(body)));
    }
}
