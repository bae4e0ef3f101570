package dev.arbiter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.quota.Callers;
import dev.arbiter.quota.Quota;
import dev.arbiter.router.Decision;
import dev.arbiter.sandbox.Cancellation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.security.Roles;
import dev.arbiter.solve.SolveListener;
import dev.arbiter.solve.SolveLoop;
import dev.arbiter.solve.SolveRequest;
import dev.arbiter.solve.SolveResult;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * POST /v1/solve: Arbiter routes the task, calls the model, verifies the answer and repairs or escalates within the
 * budget. JSON by default; {@code Accept: text/event-stream} streams the decision, each call and the result as
 * server-sent events.
 */
@Path("/v1/solve")
@Tag(name = "solve", description = "The whole loop: route, call the provider, verify, repair or escalate")
@RolesAllowed(Roles.SOLVE)
@Quota
public class SolveResource {
    private static final Logger LOG = Logger.getLogger(SolveResource.class);
    private final SolveLoop loop;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    private final ManagedExecutor executor;

    public SolveResource(SolveLoop loop, SecurityIdentity identity, ObjectMapper json, ManagedExecutor executor) {
        this.loop = loop;
        this.identity = identity;
        this.json = json;
        this.executor = executor;
    }

    @POST
    @Operation(summary = "Solve a task with the cheapest answer that verifiably works", description = "Routes the task "
            + "among the models Arbiter can call, puts it to the chosen model with the dimension's prompt, verifies "
            + "the answer by execution, sends a broken or failing answer back once with the verifier's diagnosis, "
            + "escalates to the next model for the money, and stops at the first verified pass, the budget (maxCost, "
            + "counted before each call) or maxAttempts. Every model's outcome is remembered for the next decision.")
    @APIResponse(responseCode = "200", description = "Solved or not: the best answer, its verdict and every attempt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SolveResult.class)))
    @APIResponse(responseCode = "400", description = "A malformed or invalid request, field by field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The key's quota is spent: retry after the Retry-After header's seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Indeterminate: the task cannot be verified (its own tests do not "
            + "parse, or it lacks what its dimension is judged by); the result, with the attempts made",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SolveResult.class)))
    @APIResponse(responseCode = "503", description = "Indeterminate: no provider answered or no sandbox could verify "
            + "(the result, status indeterminate), or no model can be called at all (problem JSON)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SolveResult.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<SolveResult> solve(@Valid @NotNull SolveRequest request, @Context HttpServerRequest http) {
        SolveResult result = loop.solve(request, Callers.name(identity), SandboxClient.cancellable(Disconnects.of(http)),
                SolveListener.NONE);
        if (result.status() == SolveResult.Outcome.INDETERMINATE) {
            return result.stopReason() == SolveResult.Stop.TASK_NOT_VERIFIABLE
                    ? RestResponse.ResponseBuilder.<SolveResult>create(422).entity(result).build()
                    : RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE, result);
        }
        return RestResponse.ok(result);
    }

    /**
     * The same loop as server-sent events: {@code decision} (the router's choice), {@code call} (a call is made:
     * model, repair, max output tokens), {@code attempt} (a call's outcome and verdict), then {@code result} (the
     * JSON body of the plain call) or {@code error} (a problem JSON). The stream ends after the last. The loop runs on
     * a worker of the managed executor: the sink is written after this method has returned, as Quarkus REST expects.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(hidden = true)
    public void stream(@Valid @NotNull SolveRequest request, @Context SseEventSink sink, @Context Sse sse) {
        String caller = Callers.name(identity);
        Cancellation gone = new Cancellation();
        Events events = new Events(sink, sse, gone);
        executor.execute(() -> {
            try (sink) {
                SolveResult result = loop.solve(request, caller, SandboxClient.cancellable(gone), events);
                events.send("result", result);
            } catch (java.util.concurrent.CancellationException e) {
                LOG.debugf("solve stream: the client went away");
            } catch (RuntimeException e) {
                events.send("error", ProblemMappers.describe(e));
            }
        });
    }

    /** Sends each step as an event; a send that fails means the client went away, which stops the solve. */
    private final class Events implements SolveListener {
        private final SseEventSink sink;
        private final Sse sse;
        private final Cancellation gone;

        Events(SseEventSink sink, Sse sse, Cancellation gone) {
            this.sink = sink;
            this.sse = sse;
            this.gone = gone;
        }

        @Override
        public void decided(Decision d) {
            send("decision", Map.of("decisionId", d.decisionId(), "model", d.model(), "ranking", d.ranking()));
        }

        @Override
        public void calling(int n, String model, boolean repair, int maxOutputTokens) {
            send("call", Map.of("n", n, "model", model, "repair", repair, "maxOutputTokens", maxOutputTokens));
        }

        @Override
        public void attempted(SolveResult.AttemptView attempt) {
            send("attempt", attempt);
        }

        void send(String name, Object data) {
            if (sink.isClosed()) {
                gone.cancel();
                return;
            }
            try {
                sink.send(sse.newEventBuilder().name(name).data(json.writeValueAsString(data)).build()).toCompletableFuture().join();
            } catch (Exception e) {
                gone.cancel();
            }
        }
    }
}
