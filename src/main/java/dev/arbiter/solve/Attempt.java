package dev.arbiter.solve;

import dev.arbiter.provider.ChatAnswer;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ProviderFailure;
import dev.arbiter.verifier.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * One call of one model inside a solve: the messages sent, then either the model's answer or the provider's failure
 * (an infrastructure failure: never the model's score), and the verdict once the answer is verified.
 */
public record Attempt(String model, boolean repair, List<ChatMessage> messages, int maxOutputTokens, ChatAnswer answer,
                      ProviderFailure failure, String failureDetail, Verdict verdict) {

    public Attempt {
        messages = List.copyOf(messages);
        if ((answer == null) == (failure == null)) {
            throw new IllegalArgumentException("an attempt has an answer or a provider failure, not both or neither");
        }
    }

    static Attempt answered(String model, boolean repair, List<ChatMessage> messages, int maxOutputTokens, ChatAnswer answer) {
        return new Attempt(model, repair, messages, maxOutputTokens, answer, null, null, null);
    }

    static Attempt failed(String model, boolean repair, List<ChatMessage> messages, int maxOutputTokens,
            ProviderFailure failure, String detail) {
        return new Attempt(model, repair, messages, maxOutputTokens, null, failure, detail, null);
    }

    /** Whether the provider failed, so that the loop moves on without blaming the model. */
    public boolean isInfrastructureFailure() {
        return failure != null;
    }

    /** USD spent: the answer's cost; a failed call is not billed by the providers, so 0. */
    public double costUsd() {
        return answer == null ? 0 : answer.costUsd();
    }

    public Optional<String> text() {
        return Optional.ofNullable(answer).map(ChatAnswer::text);
    }

    public Attempt withVerdict(Verdict v) {
        if (answer == null) {
            throw new IllegalStateException("a provider failure has nothing to verify");
        }
        return new Attempt(model, repair, messages, maxOutputTokens, answer, failure, failureDetail, v);
    }
}
