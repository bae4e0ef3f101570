package dev.arbiter.provider;

/**
 * The part of a provider's reply that depends on its protocol: the answer's text, the token counts and why the model
 * stopped, in OpenAI's words ({@code stop}, {@code length}, ...; null when the provider did not say).
 */
public record Completion(String text, TokenUsage usage, String finishReason) {
    public Completion(String text, TokenUsage usage) {
        this(text, usage, null);
    }
}
