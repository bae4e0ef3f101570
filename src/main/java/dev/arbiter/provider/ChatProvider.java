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

    ChatAnswer chat(List<ChatMessage> messages);
}
