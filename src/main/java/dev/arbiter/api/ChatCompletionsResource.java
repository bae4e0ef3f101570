package dev.arbiter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.provider.ChatAnswer;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ProviderUnavailableException;
import dev.arbiter.quota.Quota;
import dev.arbiter.router.InvalidFeedbackException;
import dev.arbiter.security.Roles;
import dev.arbiter.quota.Callers;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.solve.ChatRouter;
import dev.arbiter.solve.SolveListener;
import dev.arbiter.solve.SolveLoop;
import dev.arbiter.solve.SolveRequest;
import dev.arbiter.solve.SolveResult;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Validator;
import dev.arbiter.verifier.Dimension;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * OpenAI-compatible {@code POST /v1/chat/completions}: a coding agent that speaks the OpenAI API points its base URL
 * at Arbiter and sets {@code model} to {@code arbiter/auto} (the router chooses), {@code arbiter/cheapest}, or a model
 * of the pool by name. The answer is the provider's, in OpenAI's format ({@code stream: true} as chunks), with headers
 * naming the decision and the model, so that the agent can send {@code /v1/feedback} once it knows whether it worked.
 */
@Path("/v1/chat/completions")
@Tag(name = "solve", description = "The whole loop: route, call the provider, verify, repair or escalate")
@RolesAllowed(Roles.SOLVE)
@Quota
public class ChatCompletionsResource {
    static final String DECISION = "X-Arbiter-Decision-Id";
    static final String MODEL = "X-Arbiter-Model";
    private final ChatRouter router;
    private final ObjectMapper json;

    private final SolveLoop solveLoop;
    private final SecurityIdentity identity;
    private final Validator validator;

    public ChatCompletionsResource(ChatRouter router, ObjectMapper json, SolveLoop solveLoop, SecurityIdentity identity,
            Validator validator) {
        this.router = router;
        this.json = json;
        this.solveLoop = solveLoop;
        this.identity = identity;
        this.validator = validator;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(summary = "OpenAI-compatible chat completions, routed", description = "model: arbiter/auto (the router "
            + "chooses among the models Arbiter can call), arbiter/cheapest, a model's name, or arbiter/verified (the "
            + "last user message goes through the solve loop: verified, repaired or escalated within the budget, "
            + "with the tests in the request's arbiter object). The dimension and "
            + "language come from arbiter.dimension / arbiter.language, metadata, or the X-Arbiter-Dimension / "
            + "X-Arbiter-Language headers, else are inferred from the messages. The response carries the headers "
            + "X-Arbiter-Decision-Id and X-Arbiter-Model (and an 'arbiter' object) for a later POST /v1/feedback. "
            + "stream: true answers with chat.completion.chunk server-sent events, then data: [DONE].")
    @APIResponse(responseCode = "200", description = "The provider's answer in OpenAI's format")
    @APIResponse(responseCode = "400", description = "A malformed request, tools or images (not supported), an unknown model")
    @APIResponse(responseCode = "502", description = "Every provider that could answer failed; Retry-After when one said")
    @APIResponse(responseCode = "503", description = "arbiter/verified: no answer could be verified (no sandbox)")
    public Response complete(@Valid @NotNull ChatCompletionRequest request,
            @HeaderParam("X-Arbiter-Dimension") String dimensionHeader,
            @HeaderParam("X-Arbiter-Language") String languageHeader,
            @HeaderParam("X-Arbiter-Max-Cost") String maxCostHeader,
            @Context HttpServerRequest http) {
        List<ChatMessage> messages = messages(request);
        ChatRouter.Hints hints = hints(request, dimensionHeader, languageHeader, maxCostHeader);
        if (ChatRouter.VERIFIED.equals(request.model())) {
            return verified(request, messages, hints, http);
        }
        ChatRouter.Routed routed = router.route(messages, request.model(), hints);
        if (request.streams()) {
            boolean usage = request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
            StreamingOutput body = out -> stream(routed, messages, request.outputLimit(), usage, out);
            return Response.ok(body).type(MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-cache")
                    .header(DECISION, routed.decision().decisionId()).header(MODEL, routed.order().get(0))
                    .header("X-Arbiter-Dimension", routed.dimension().wireName()).build();
        }
        ChatRouter.Answered a = router.answer(routed, messages, request.outputLimit(), null);
        return Response.ok(completion(a)).header(DECISION, routed.decision().decisionId()).header(MODEL, a.model())
                .header("X-Arbiter-Dimension", routed.dimension().wireName())
                .header("X-Arbiter-Cost-Usd", a.answer().costUsd()).type(MediaType.APPLICATION_JSON).build();
    }

    /**
     * The answer as OpenAI chunks, each flushed as the provider's piece arrives: the role first, then the content
     * pieces, a last chunk with the finish reason and the {@code arbiter} object (the model that answered, its cost),
     * the usage chunk when asked for, and {@code [DONE]}. A failure after the headers went out is an {@code error}
     * chunk, as OpenAI sends one.
     */
    private void stream(ChatRouter.Routed routed, List<ChatMessage> messages, Integer limit, boolean usage, OutputStream out)
            throws IOException {
        String id = "chatcmpl-" + routed.decision().decisionId();
        long created = Instant.now().getEpochSecond();
        String[] model = {routed.order().get(0)};
        try {
            ChatRouter.Answered a = router.answer(routed, messages, limit, piece -> {
                ObjectNode delta = chunk(id, created, model[0]);
                delta.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("role", "assistant").put("content", piece);
                event(out, delta);
            });
            ObjectNode last = chunk(id, created, a.model());
            last.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
            last.set("arbiter", arbiter(a));
            event(out, last);
            if (usage) {
                ObjectNode u = chunk(id, created, a.model());
                u.putArray("choices");
                u.set("usage", usage(a.answer()));
                event(out, u);
            }
        } catch (ProviderUnavailableException e) {
            ObjectNode error = json.createObjectNode();
            error.putObject("error").put("message", e.getMessage()).put("type", "provider_unavailable")
                    .put("code", e.reason().id());
            event(out, error);
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private ObjectNode chunk(String id, long created, String model) {
        ObjectNode c = json.createObjectNode();
        c.put("id", id);
        c.put("object", "chat.completion.chunk");
        c.put("created", created);
        c.put("model", model);
        return c;
    }

    private void event(OutputStream out, JsonNode data) {
        try {
            out.write(("data: " + json.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code arbiter/verified}: the conversation's last user message becomes a task (its dimension and language given
     * or inferred, the tests and limits from the {@code arbiter} object) and goes through the solve loop; the answer
     * is the best verified one, with its verdict in the headers and the {@code arbiter} object. A stream sends it as
     * one piece once verified: nothing can be passed on before the verdict.
     */
    private Response verified(ChatCompletionRequest request, List<ChatMessage> messages, ChatRouter.Hints hints,
            HttpServerRequest http) {
        ChatCompletionRequest.Extension x = request.arbiter();
        SolveRequest solve = new SolveRequest(router.task(messages, hints, x == null ? null : x.tests(),
                x == null ? null : x.entryPoint()), hints.maxCost(), x == null ? null : x.allowedModels(),
                x == null ? null : x.maxAttempts());
        var violations = validator.validate(solve);
        if (!violations.isEmpty()) {
            throw new jakarta.validation.ConstraintViolationException(violations);
        }
        SolveResult result = solveLoop.solve(solve, Callers.name(identity), SandboxClient.cancellable(Disconnects.of(http)),
                SolveListener.NONE);
        if (result.answer() == null) {
            throw new dev.arbiter.solve.NoVerifiedAnswerException(result);
        }
        ObjectNode body = json.createObjectNode();
        String id = "chatcmpl-" + result.decisionId();
        long created = Instant.now().getEpochSecond();
        long in = 0;
        long out = 0;
        for (var a : result.attempts()) {
            in += a.inputTokens() == null ? 0 : a.inputTokens();
            out += a.outputTokens() == null ? 0 : a.outputTokens();
        }
        ObjectNode usage = json.createObjectNode().put("prompt_tokens", in).put("completion_tokens", out)
                .put("total_tokens", in + out);
        ObjectNode arbiter = json.createObjectNode().put("decisionId", result.decisionId()).put("model", result.model())
                .put("status", result.status().wire()).put("stopReason", result.stopReason())
                .put("verdict", result.verdict().status().wireName()).put("confidence", result.verdict().confidence())
                .put("reason", result.verdict().reason().wireName()).put("attempts", result.attempts().size())
                .put("costUsd", result.totalCostUsd());
        Response.ResponseBuilder r;
        if (request.streams()) {
            StreamingOutput stream = o -> {
                ObjectNode piece = chunk(id, created, result.model());
                piece.withArray("choices").addObject().put("index", 0).putNull("finish_reason")
                        .putObject("delta").put("role", "assistant").put("content", result.answer());
                event(o, piece);
                ObjectNode last = chunk(id, created, result.model());
                last.withArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("delta");
                last.set("arbiter", arbiter);
                event(o, last);
                if (request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage())) {
                    ObjectNode u = chunk(id, created, result.model());
                    u.putArray("choices");
                    u.set("usage", usage);
                    event(o, u);
                }
                o.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                o.flush();
            };
            r = Response.ok(stream).type(MediaType.SERVER_SENT_EVENTS);
        } else {
            body.put("id", id);
            body.put("object", "chat.completion");
            body.put("created", created);
            body.put("model", result.model());
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", result.answer());
            choice.put("finish_reason", "stop");
            body.set("usage", usage);
            body.set("arbiter", arbiter);
            r = Response.ok(body).type(MediaType.APPLICATION_JSON);
        }
        return r.header(DECISION, result.decisionId()).header(MODEL, result.model())
                .header("X-Arbiter-Verdict", result.verdict().status().wireName())
                .header("X-Arbiter-Confidence", result.verdict().confidence())
                .header("X-Arbiter-Cost-Usd", result.totalCostUsd()).build();
    }

    private ObjectNode completion(ChatRouter.Answered a) {
        ChatAnswer answer = a.answer();
        ObjectNode body = json.createObjectNode();
        body.put("id", "chatcmpl-" + a.routed().decision().decisionId());
        body.put("object", "chat.completion");
        body.put("created", Instant.now().getEpochSecond());
        body.put("model", a.model());
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", answer.text());
        choice.put("finish_reason", "stop");
        body.set("usage", usage(answer));
        body.set("arbiter", arbiter(a));
        return body;
    }

    private ObjectNode usage(ChatAnswer answer) {
        ObjectNode u = json.createObjectNode();
        u.put("prompt_tokens", answer.usage().inputTokens());
        u.put("completion_tokens", answer.usage().outputTokens());
        u.put("total_tokens", answer.usage().inputTokens() + answer.usage().outputTokens());
        return u;
    }

    private ObjectNode arbiter(ChatRouter.Answered a) {
        ObjectNode x = json.createObjectNode();
        x.put("decisionId", a.routed().decision().decisionId());
        x.put("model", a.model());
        x.put("dimension", a.routed().dimension().wireName());
        if (a.routed().language() != null) {
            x.put("language", a.routed().language());
        }
        x.put("basis", a.routed().basis());
        x.put("costUsd", a.answer().costUsd());
        x.put("latencyMs", a.answer().latency().toMillis());
        if (!a.skipped().isEmpty()) {
            var s = x.putArray("skipped");
            a.skipped().forEach(e -> s.addObject().put("model", e.model()).put("reason", e.reason().id()));
        }
        return x;
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

    private static ChatRouter.Hints hints(ChatCompletionRequest r, String dimension, String language, String maxCost) {
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
