package dev.arbiter.provider.openai;

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

/** A model behind an OpenAI-compatible API: {@code POST {base}/chat/completions} with a Bearer key. */
public final class OpenAiCompatibleProvider implements ChatProvider {
    private final ProviderCall call;
    private final OpenAiApi api;

    record Message(String role, String content) {
    }

    record Request(String model, List<Message> messages, @JsonProperty("max_tokens") int maxTokens) {
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

    private String body(List<ChatMessage> messages, int maxTokens) {
        var connection = call.spec().connection();
        var wire = messages.stream().map(m -> new Message(m.role().wire(), m.content())).toList();
        return call.write(new Request(connection.providerModel(model()), wire, maxTokens));
    }

    static Completion read(JsonNode reply) {
        String text = JsonReply.text(reply, "/choices/0/message/content");
        TokenUsage usage = new TokenUsage(JsonReply.count(reply, "/usage/prompt_tokens"),
                JsonReply.count(reply, "/usage/completion_tokens"));
        return new Completion(text, usage);
    }
}
