package dev.arbiter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.provider.ChatAnswer;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.provider.ProviderUnavailableException;
import dev.arbiter.quota.Quota;
import dev.arbiter.security.Roles;
import dev.arbiter.quota.Callers;
import dev.arbiter.sandbox.Cancellation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.solve.ChatRouter;
import dev.arbiter.solve.SolveListener;
import dev.arbiter.solve.SolveLoop;
import dev.arbiter.solve.SolveRequest;
import dev.arbiter.solve.SolveResult;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.Validator;
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
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.context.ManagedExecutor;
import java.util.List;
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
    /** How often a verified stream says it is still there while the solve runs. */
    static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofSeconds(10);
    private final ChatRouter router;
    private final ObjectMapper json;

    private final SolveLoop solveLoop;
    private final SecurityIdentity identity;
    private final Validator validator;

    private final ManagedExecutor executor;

    public ChatCompletionsResource(ChatRouter router, ObjectMapper json, SolveLoop solveLoop, SecurityIdentity identity,
            Validator validator, ManagedExecutor executor) {
        this.executor = executor;
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
        List<ChatMessage> messages = ChatRequests.messages(request);
        ChatRouter.Hints hints = ChatRequests.hints(request, dimensionHeader, languageHeader, maxCostHeader);
        if (ChatRouter.VERIFIED.equals(request.model())) {
            return verified(request, messages, hints, http);
        }
        ChatRouter.Routed routed = router.route(messages, request.model(), hints);
        OpenAiFormat format = new OpenAiFormat(json, routed.decision().decisionId());
        if (request.streams()) {
            ChatStream call = new ChatStream(router, routed, messages, request.outputLimit(), executor);
            ChatStream.Piece first = call.first(); // no provider starting is a 502, as without stream
            StreamingOutput body = out -> relay(call, first, format, includeUsage(request), out);
            return Response.ok(body).type(MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-cache")
                    .header(DECISION, routed.decision().decisionId()).header(MODEL, first == null ? routed.order().get(0) : first.model())
                    .header("X-Arbiter-Dimension", routed.dimension().wireName()).build();
        }
        ChatRouter.Answered a = router.answer(routed, messages, request.outputLimit(), null);
        ChatAnswer answer = a.answer();
        ObjectNode body = format.completion(a.model(), answer.text(), answer.finishReasonOrStop(),
                format.usage(answer.usage().inputTokens(), answer.usage().outputTokens()), arbiter(a));
        return Response.ok(body).header(DECISION, routed.decision().decisionId()).header(MODEL, a.model())
                .header("X-Arbiter-Dimension", routed.dimension().wireName())
                .header("X-Arbiter-Cost-Usd", answer.costUsd()).type(MediaType.APPLICATION_JSON).build();
    }

    private static boolean includeUsage(ChatCompletionRequest request) {
        return request.streamOptions() != null && Boolean.TRUE.equals(request.streamOptions().includeUsage());
    }

    /**
     * The answer as OpenAI chunks, each flushed as the provider's piece arrives, then a last chunk with the finish
     * reason and the {@code arbiter} object (the model that answered, its cost), the usage chunk when asked for, and
     * {@code [DONE]}. A provider that breaks off mid-stream ends it with an {@code error} chunk, as OpenAI does; a
     * client that goes away stops the call.
     */
    private void relay(ChatStream call, ChatStream.Piece first, OpenAiFormat format,
            boolean usage, OutputStream out) {
        try {
            if (first != null) {
                format.send(out, format.piece(first.model(), first.text()));
            }
            ChatRouter.Answered a = call.rest(piece -> format.send(out, format.piece(piece.model(), piece.text())));
            format.send(out, format.last(a.model(), a.answer().finishReasonOrStop(), arbiter(a)));
            if (usage) {
                format.send(out, format.usageChunk(a.model(), format.usage(a.answer().usage().inputTokens(),
                        a.answer().usage().outputTokens())));
            }
            format.done(out);
        } catch (ProviderUnavailableException e) {
            format.send(out, format.error(e.getMessage(), "provider_unavailable", e.reason().id()));
            format.done(out);
        } catch (CancellationException e) {
            call.gone();
        }
    }

    /**
     * {@code arbiter/verified}: the conversation's last user message becomes a task (its dimension and language given
     * or inferred, the tests and limits from the {@code arbiter} object) and goes through the solve loop; the answer
     * is the best verified one, with its verdict in the headers and the {@code arbiter} object. A stream sends it as
     * one piece once verified ({@link #verifiedStream}).
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
        String caller = Callers.name(identity);
        if (request.streams()) {
            Cancellation gone = new Cancellation();
            CompletableFuture<SolveResult> running = CompletableFuture.supplyAsync(() -> solveLoop.solve(solve, caller,
                    SandboxClient.cancellable(gone), SolveListener.NONE), executor);
            boolean withUsage = includeUsage(request);
            StreamingOutput stream = o -> verifiedStream(running, gone, withUsage, o);
            return Response.ok(stream).type(MediaType.SERVER_SENT_EVENTS).header("Cache-Control", "no-cache").build();
        }
        SolveResult result = solveLoop.solve(solve, caller, SandboxClient.cancellable(Disconnects.of(http)),
                SolveListener.NONE);
        if (result.answer() == null || result.status() == SolveResult.Outcome.INDETERMINATE) {
            throw new dev.arbiter.solve.NoVerifiedAnswerException(result);
        }
        OpenAiFormat format = new OpenAiFormat(json, result.decisionId());
        return Response.ok(format.completion(result.model(), result.answer(), "stop", usage(format, result), arbiter(result)))
                .type(MediaType.APPLICATION_JSON)
                .header(DECISION, result.decisionId()).header(MODEL, result.model())
                .header("X-Arbiter-Verdict", result.verdict().status().wireName())
                .header("X-Arbiter-Confidence", result.verdict().confidence())
                .header("X-Arbiter-Cost-Usd", result.totalCostUsd()).build();
    }

    /**
     * A verified answer as a stream: nothing of it can go out before its verdict, so while the solve runs the stream
     * carries an SSE comment every {@link #KEEP_ALIVE} (clients ignore it; their read timeout does not fire), then the
     * answer as one piece, the last chunk with the {@code arbiter} object (decision, model, verdict, cost: a stream's
     * headers are gone before they are known), the usage when asked for and {@code [DONE]}; a solve with no verified
     * answer ends as an {@code error} chunk. A client that goes away stops the solve.
     */
    private void verifiedStream(CompletableFuture<SolveResult> running, Cancellation gone, boolean withUsage,
            OutputStream o) {
        OpenAiFormat keepAlive = new OpenAiFormat(json, "pending");
        try {
            SolveResult result = null;
            while (result == null) {
                try {
                    result = running.get(KEEP_ALIVE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    keepAlive.comment(o, "solving");
                }
            }
            OpenAiFormat format = new OpenAiFormat(json, result.decisionId());
            if (result.answer() == null || result.status() == SolveResult.Outcome.INDETERMINATE) {
                format.send(o, format.error(new dev.arbiter.solve.NoVerifiedAnswerException(result).getMessage(),
                        "no_verified_answer", result.stopReason().wire()));
            } else {
                format.send(o, format.piece(result.model(), result.answer()));
                format.send(o, format.last(result.model(), "stop", arbiter(result)));
                if (withUsage) {
                    format.send(o, format.usageChunk(result.model(), usage(format, result)));
                }
            }
            format.done(o);
        } catch (CancellationException e) {
            gone.cancel();
        } catch (java.util.concurrent.ExecutionException e) {
            Object problem = e.getCause() instanceof RuntimeException r ? ProblemMappers.describe(r) : null;
            String detail = problem instanceof Problem p ? p.detail() : "the solve failed inside Arbiter; see its log";
            keepAlive.send(o, keepAlive.error(detail, "solve_failed", null));
            keepAlive.done(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gone.cancel();
        }
    }

    private static ObjectNode usage(OpenAiFormat format, SolveResult result) {
        long in = result.attempts().stream().mapToLong(a -> a.inputTokens() == null ? 0 : a.inputTokens()).sum();
        long out = result.attempts().stream().mapToLong(a -> a.outputTokens() == null ? 0 : a.outputTokens()).sum();
        return format.usage(in, out);
    }

    private ObjectNode arbiter(SolveResult result) {
        return json.createObjectNode().put("decisionId", result.decisionId()).put("model", result.model())
                .put("status", result.status().wire()).put("stopReason", result.stopReason().wire())
                .put("verdict", result.verdict().status().wireName()).put("confidence", result.verdict().confidence())
                .put("reason", result.verdict().reason().wireName()).put("attempts", result.attempts().size())
                .put("costUsd", result.totalCostUsd());
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
}
