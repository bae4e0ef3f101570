package dev.arbiter.provider.openai;

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

/** A model behind an OpenAI-compatible API: {@code POST {base}/chat/completions} with a Bearer key. */
public final class OpenAiCompatibleProvider implements ChatProvider {
    private final ProviderCall call;
    private final OpenAiApi api;

    record Message(String role, String content) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Request(String model, List<Message> messages, @JsonProperty("max_tokens") int maxTokens, Boolean stream,
            @JsonProperty("stream_options") StreamOptions streamOptions) {
    }

    /** Asks for a last chunk with the usage (OpenAI, vLLM, Ollama and llama.cpp's server honour it). */
    record StreamOptions(@JsonProperty("include_usage") boolean includeUsage) {
    }

    public OpenAiCompatibleProvider(ProviderCall call, OpenAiApi api) {
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
        String body = body(messages, Math.min(maxOutputTokens, outputTokenCap()));
        return call.run(key, () -> api.complete(key == null ? null : "Bearer " + key, body), OpenAiCompatibleProvider::read);
    }

    @Override
    public ChatAnswer stream(List<ChatMessage> messages, int maxOutputTokens, Consumer<String> onDelta) {
        String key = call.key();
        String body = body(messages, Math.min(maxOutputTokens, outputTokenCap()), true);
        return call.stream(key, body, () -> api.stream(key == null ? null : "Bearer " + key, body),
                OpenAiCompatibleProvider::piece, onDelta);
    }

    private String body(List<ChatMessage> messages, int maxTokens) {
        return body(messages, maxTokens, false);
    }

    private String body(List<ChatMessage> messages, int maxTokens, boolean stream) {
        var connection = call.spec().connection();
        return call.write(new Request(connection.providerModel(model()), wire(messages), maxTokens, stream ? true : null,
                stream ? new StreamOptions(true) : null));
    }

    private static List<Message> wire(List<ChatMessage> messages) {
        return messages.stream().map(m -> new Message(m.role().wire(), m.content())).toList();
    }

    /** One chunk: the text of its first choice's delta, and the usage when the chunk carries it (the last one). */
    static ProviderCall.Piece piece(String event, JsonNode chunk) {
        JsonNode content = chunk.at("/choices/0/delta/content");
        boolean usage = chunk.path("usage").isObject();
        JsonNode finish = chunk.at("/choices/0/finish_reason");
        return new ProviderCall.Piece(content.isTextual() ? content.asText() : null,
                usage ? JsonReply.count(chunk, "/usage/prompt_tokens") : null,
                usage ? JsonReply.count(chunk, "/usage/completion_tokens") : null,
                finish.isTextual() ? finish.asText() : null);
    }

    static Completion read(JsonNode reply) {
        String text = JsonReply.text(reply, "/choices/0/message/content");
        TokenUsage usage = new TokenUsage(JsonReply.count(reply, "/usage/prompt_tokens"),
                JsonReply.count(reply, "/usage/completion_tokens"));
        JsonNode finish = reply.at("/choices/0/finish_reason");
        return new Completion(text, usage, finish.isTextual() ? finish.asText() : null);
    }
}
