package dev.arbiter.provider;

import java.util.Objects;

/** One message of a conversation sent to a model. */
public record ChatMessage(Role role, String content) {

    /** Who speaks; the Anthropic API takes the system message apart from the others. */
    public enum Role {
        SYSTEM, USER, ASSISTANT;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    public static ChatMessage system(String content) {
        return new ChatMessage(Role.SYSTEM, content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage(Role.USER, content);
    }
}
