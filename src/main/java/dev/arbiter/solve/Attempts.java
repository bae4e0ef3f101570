package dev.arbiter.solve;

import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ChatProvider;
import dev.arbiter.provider.ProviderUnavailableException;
import dev.arbiter.verifier.Task;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * Makes one attempt: the dimension's prompt, one provider call, and the outcome as an {@link Attempt}. A provider
 * failure becomes an attempt that says so instead of an exception, so that the solve loop can move on.
 */
@ApplicationScoped
public class Attempts {
    /** About 1,000 tokens: enough for the first error lines and failing tests, a small part of a repair's cost. */
    static final int MAX_DIAGNOSIS_CHARS = 4000;
    private final PromptTemplates prompts;

    @Inject
    public Attempts(PromptTemplates prompts) {
        this.prompts = prompts;
    }

    /** The task put to a model for the first time, at the model's output cap. */
    public Attempt first(Task task, ChatProvider model) {
        return call(model, false, firstMessages(task), model.outputTokenCap());
    }

    /** A failed answer sent back to the same model with the verifier's diagnosis, at the model's output cap. */
    public Attempt repair(Task task, ChatProvider model, Attempt failed, String diagnosis) {
        return call(model, true, repairMessages(task, failed, diagnosis), model.outputTokenCap());
    }

    /** The messages of a task's first call. */
    public List<ChatMessage> firstMessages(Task task) {
        return prompts.first(task);
    }

    /** The conversation of a repair: the first call's, the failed answer and the diagnosis (truncated). */
    public List<ChatMessage> repairMessages(Task task, Attempt failed, String diagnosis) {
        String answer = failed.text().orElseThrow(() -> new IllegalArgumentException("a provider failure cannot be repaired"));
        return prompts.repair(task, answer, truncate(diagnosis));
    }

    static String truncate(String diagnosis) {
        if (diagnosis.length() <= MAX_DIAGNOSIS_CHARS) {
            return diagnosis;
        }
        return diagnosis.substring(0, MAX_DIAGNOSIS_CHARS) + "\n[diagnosis truncated]";
    }

    /** One call that may produce at most {@code maxOutputTokens}; a provider failure is an attempt that says so. */
    public Attempt call(ChatProvider model, boolean repair, List<ChatMessage> messages, int maxOutputTokens) {
        try {
            return Attempt.answered(model.model(), repair, messages, maxOutputTokens, model.chat(messages, maxOutputTokens));
        } catch (ProviderUnavailableException e) {
            return Attempt.failed(model.model(), repair, messages, maxOutputTokens, e.reason(), e.getMessage());
        }
    }
}
