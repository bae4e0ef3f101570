package dev.arbiter.provider;

/** The part of a provider's reply that depends on its protocol: the answer's text and the token counts. */
public record Completion(String text, TokenUsage usage) {
}
