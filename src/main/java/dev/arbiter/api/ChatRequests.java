package dev.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.router.InvalidFeedbackException;
import dev.arbiter.solve.ChatRouter;
import dev.arbiter.verifier.Dimension;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An OpenAI chat-completions request read as Arbiter's: the conversation (what it cannot forward is refused with
 * the field that says so) and the client's hints about the task (body fields or X-Arbiter-* headers).
 */
final class ChatRequests {
    private ChatRequests() {
    }

    /** The OpenAI messages as Arbiter's: system and developer as system; text parts only; no tools. */
    static List<ChatMessage> messages(ChatCompletionRequest request) {
        if (request.tools() != null && !request.tools().isNull() || request.functions() != null && !request.functions().isNull()) {
            throw new InvalidFeedbackException("tools", "tools and function calling are not supported: Arbiter "
                    + "routes and forwards text conversations");
        }
        if (request.n() != null && request.n() != 1) {
            throw new InvalidFeedbackException("n", "only one choice (n = 1) is supported");
        }
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < request.messages().size(); i++) {
            ChatCompletionRequest.Message m = request.messages().get(i);
            String field = "messages[" + i + "]";
            ChatMessage.Role role = switch (m.role().toLowerCase(Locale.ROOT)) {
                case "system", "developer" -> ChatMessage.Role.SYSTEM;
                case "user" -> ChatMessage.Role.USER;
                case "assistant" -> ChatMessage.Role.ASSISTANT;
                default -> throw new InvalidFeedbackException(field + ".role", "must be system, developer, user or "
                        + "assistant (tool messages are not supported), not '" + m.role() + "'");
            };
            if (m.toolCalls() != null && !m.toolCalls().isNull()) {
                throw new InvalidFeedbackException(field + ".tool_calls", "tool calls are not supported");
            }
            out.add(new ChatMessage(role, text(m.content(), field)));
        }
        if (out.stream().noneMatch(m -> m.role() == ChatMessage.Role.USER)) {
            throw new InvalidFeedbackException("messages", "needs at least one user message");
        }
        return out;
    }

    private static String text(JsonNode content, String field) {
        if (content == null || content.isNull()) {
            throw new InvalidFeedbackException(field + ".content", "must not be empty");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw new InvalidFeedbackException(field + ".content", "must be a string or an array of text parts");
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw new InvalidFeedbackException(field + ".content", "only text parts are supported (no images, "
                        + "audio or files)");
            }
            text.append(text.length() == 0 ? "" : "\n").append(part.get("text").asText());
        }
        return text.toString();
    }

    static ChatRouter.Hints hints(ChatCompletionRequest r, String dimension, String language, String maxCost) {
        ChatCompletionRequest.Extension x = r.arbiter();
        String d = dimension != null ? dimension : x != null && x.dimension() != null ? x.dimension()
                : r.metadata() == null ? null : r.metadata().get("dimension");
        String l = language != null ? language : x != null && x.language() != null ? x.language()
                : r.metadata() == null ? null : r.metadata().get("language");
        Dimension dim = null;
        if (d != null && !d.isBlank()) {
            try {
                dim = Dimension.fromWire(d.strip());
            } catch (IllegalArgumentException e) {
                throw new InvalidFeedbackException("dimension", e.getMessage());
            }
        }
        Double cost = null;
        if (maxCost != null && !maxCost.isBlank()) {
            try {
                cost = Double.parseDouble(maxCost.strip());
            } catch (NumberFormatException e) {
                cost = -1.0;
            }
            if (!(cost >= 0) || cost.isInfinite()) {
                throw new InvalidFeedbackException("X-Arbiter-Max-Cost", "must be a number of USD, 0 or more");
            }
        }
        if (cost == null && x != null) {
            cost = x.maxCost();
        }
        return new ChatRouter.Hints(dim, l == null || l.isBlank() ? null : l.strip().toLowerCase(Locale.ROOT), cost);
    }
}
