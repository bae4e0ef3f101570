package dev.arbiter.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.provider.ChatAnswer;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ChatProvider;
import dev.arbiter.provider.Completion;
import dev.arbiter.provider.JsonReply;
import dev.arbiter.provider.ProviderCall;
import dev.arbiter.provider.TokenUsage;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** A model behind Anthropic's Messages API: {@code POST {base}/v1/messages} with {@code x-api-key}. */
public final class AnthropicProvider implements ChatProvider {
    /** The API version this client's request and reply shapes are written against. */
    static final String API_VERSION = "2023-06-01";
    private final ProviderCall call;
    private final AnthropicApi api;

    record Message(String role, String content) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, @JsonProperty("max_tokens") int maxTokens, String system, List<Message> messages,
            Boolean stream) {
    }

    public AnthropicProvider(ProviderCall call, AnthropicApi api) {
        this.call = call;
        this.api = api;
    }

    @Override
    public String model() {
        return call.spec().name();
    }

    @Override
    public int outputTokenCap() {
        return call.spec().connection().outputTokenCap();
    }

    @Override
    public ChatAnswer chat(List<ChatMessage> messages, int maxOutputTokens) {
        String key = call.key();
        String body = body(messages, Math.min(maxOutputTokens, outputTokenCap()), null);
        return call.run(key, () -> api.create(key, API_VERSION, body), AnthropicProvider::read);
    }

    @Override
    public ChatAnswer stream(List<ChatMessage> messages, int maxOutputTokens, Consumer<String> onDelta) {
        String key = call.key();
        String body = body(messages, Math.min(maxOutputTokens, outputTokenCap()), true);
        return call.stream(key, body, () -> api.stream(key, API_VERSION, body), AnthropicProvider::piece, onDelta);
    }

    /**
     * One event of a Messages stream: {@code message_start} carries the input count, {@code content_block_delta} a
     * piece of text, {@code message_delta} the output count and the stop reason; the others add nothing.
     */
    static ProviderCall.Piece piece(String event, JsonNode data) {
        String type = data.path("type").asText(event == null ? "" : event);
        return switch (type) {
            case "message_start" -> new ProviderCall.Piece(null, JsonReply.count(data, "/message/usage/input_tokens"), null, null);
            case "content_block_delta" -> ProviderCall.Piece.text(data.at("/delta/text").isTextual()
                    ? data.at("/delta/text").asText() : null);
            case "message_delta" -> new ProviderCall.Piece(null, null,
                    data.at("/usage/output_tokens").isIntegralNumber() ? data.at("/usage/output_tokens").asLong() : null,
                    stopReason(data.at("/delta/stop_reason").asText(null)));
            default -> ProviderCall.Piece.text(null);
        };
    }

    /** Anthropic's stop reason in OpenAI's words. */
    static String stopReason(String stop) {
        if (stop == null) {
            return null;
        }
        return switch (stop) {
            case "max_tokens" -> "length";
            case "end_turn", "stop_sequence" -> "stop";
            default -> stop;
        };
    }

    /** System messages go to the top-level {@code system} field: the API takes only user and assistant turns. */
    private String body(List<ChatMessage> messages, int maxTokens, Boolean stream) {
        var connection = call.spec().connection();
        String system = messages.stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM)
                .map(ChatMessage::content).collect(Collectors.joining("\n\n"));
        var turns = messages.stream().filter(m -> m.role() != ChatMessage.Role.SYSTEM)
                .map(m -> new Message(m.role().wire(), m.content())).toList();
        var request = new Request(connection.providerModel(model()), maxTokens,
                system.isEmpty() ? null : system, turns, stream);
        return call.write(request);
    }

    /** The text blocks of the reply, joined; a reply with none is junk. */
    static Completion read(JsonNode reply) {
        JsonNode content = reply.get("content");
        if (content == null || !content.isArray()) {
            throw new JsonReply.Malformed("no content array");
        }
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonNode block : content) {
            if ("text".equals(block.path("type").asText())) {
                text.append(JsonReply.text(block, "/text"));
                any = true;
            }
        }
        if (!any) {
            throw new JsonReply.Malformed("no text block in content");
        }
        TokenUsage usage = new TokenUsage(JsonReply.count(reply, "/usage/input_tokens"),
                JsonReply.count(reply, "/usage/output_tokens"));
        return new Completion(text.toString(), usage, stopReason(reply.path("stop_reason").asText(null)));
    }
}
