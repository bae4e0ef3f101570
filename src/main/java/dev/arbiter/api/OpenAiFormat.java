package dev.arbiter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * OpenAI's chat-completion shapes, as its SDKs read them: the whole answer ({@code chat.completion}), and the stream
 * ({@code chat.completion.chunk} events: the content pieces, a last chunk with the finish reason, the usage chunk,
 * {@code [DONE]}), each with Arbiter's {@code arbiter} object where it says which model answered and what it cost.
 */
final class OpenAiFormat {
    private final ObjectMapper json;
    private final String id;
    private final long created = Instant.now().getEpochSecond();

    OpenAiFormat(ObjectMapper json, String decisionId) {
        this.json = json;
        this.id = "chatcmpl-" + decisionId;
    }

    ObjectNode usage(long prompt, long completion) {
        return json.createObjectNode().put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
    }

    ObjectNode completion(String model, String content, String finishReason, ObjectNode usage, ObjectNode arbiter) {
        ObjectNode body = head("chat.completion", model);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", finishReason);
        body.set("usage", usage);
        body.set("arbiter", arbiter);
        return body;
    }

    ObjectNode piece(String model, String content) {
        ObjectNode c = head("chat.completion.chunk", model);
        c.putArray("choices").addObject().put("index", 0).putNull("finish_reason")
                .putObject("delta").put("role", "assistant").put("content", content);
        return c;
    }

    ObjectNode last(String model, String finishReason, ObjectNode arbiter) {
        ObjectNode c = head("chat.completion.chunk", model);
        c.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason).putObject("delta");
        c.set("arbiter", arbiter);
        return c;
    }

    ObjectNode usageChunk(String model, ObjectNode usage) {
        ObjectNode c = head("chat.completion.chunk", model);
        c.putArray("choices");
        c.set("usage", usage);
        return c;
    }

    /** OpenAI's in-stream failure: {@code {"error": {message, type, code}}}. */
    ObjectNode error(String message, String type, String code) {
        ObjectNode e = json.createObjectNode();
        ObjectNode error = e.putObject("error").put("message", message).put("type", type);
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return e;
    }

    /** One event, flushed; a client that has gone away ends the stream with {@link CancellationException}. */
    void send(OutputStream out, JsonNode data) {
        try {
            write(out, "data: " + json.writeValueAsString(data) + "\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSE comment line: it keeps a connection alive and every client ignores it. */
    void comment(OutputStream out, String text) {
        write(out, ": " + text + "\n\n");
    }

    void done(OutputStream out) {
        write(out, "data: [DONE]\n\n");
    }

    private static void write(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new CancellationException("the client went away");
        }
    }

    private ObjectNode head(String object, String model) {
        ObjectNode c = json.createObjectNode();
        c.put("id", id);
        c.put("object", object);
        c.put("created", created);
        c.put("model", model);
        return c;
    }
}
