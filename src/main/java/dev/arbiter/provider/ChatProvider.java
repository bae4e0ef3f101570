package dev.arbiter.provider;

import java.util.List;

/**
 * One model of the pool reached through its provider's API. An answer, right or wrong, is a {@link ChatAnswer}; a
 * provider that cannot give one (down, slow, rate-limited past the retries, junk on the wire, no key) throws
 * {@link ProviderUnavailableException}, which is the infrastructure's failure and never the model's score.
 */
public interface ChatProvider {
    /** The pool's name of the model. */
    String model();

    /** The most output tokens one call may ask for: the models file's {@code max-output-tokens}. */
    int outputTokenCap();

    /** One call that may produce at most {@code maxOutputTokens} (sent as the protocol's {@code max_tokens}). */
    ChatAnswer chat(List<ChatMessage> messages, int maxOutputTokens);

    /**
     * One call whose answer is passed on piece by piece as it arrives ({@code onDelta}), then returned whole with its
     * usage. A protocol client that does not stream passes the whole answer as one piece.
     */
    default ChatAnswer stream(List<ChatMessage> messages, int maxOutputTokens, java.util.function.Consumer<String> onDelta) {
        ChatAnswer answer = chat(messages, maxOutputTokens);
        onDelta.accept(answer.text());
        return answer;
    }

    /** One call at the model's output cap. */
    default ChatAnswer chat(List<ChatMessage> messages) {
        return chat(messages, outputTokenCap());
    }
}
