package dev.arbiter.api;

import dev.arbiter.quota.Admission;
import dev.arbiter.quota.Callers;
import dev.arbiter.quota.Quota;
import dev.arbiter.router.Decision;
import dev.arbiter.router.Escalation;
import dev.arbiter.router.FeedbackRequest;
import dev.arbiter.router.FeedbackResult;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.router.RouteRequest;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The routing loop over REST: route, look a decision up, feed a verified outcome back, verify and escalate. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "route", description = "Which model should do it: routing decisions and verified feedback")
@APIResponse(responseCode = "400", description = "A malformed or invalid request, field by field",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@RolesAllowed(Roles.ROUTE)
@Quota
public class RouteResource {
    private final Orchestrator orchestrator;
    private final Escalation escalation;
    private final Admission admission;
    private final SecurityIdentity identity;

    public RouteResource(Orchestrator orchestrator, Escalation escalation, Admission admission, SecurityIdentity identity) {
        this.orchestrator = orchestrator;
        this.escalation = escalation;
        this.admission = admission;
        this.identity = identity;
    }

    @POST
    @Path("/route")
    @Operation(summary = "Pick a model for a task", description = "The router's decision: the chosen model, the "
            + "scores and expected cost of every candidate model, the neighbours from memory that informed it.")
    public Decision route(@Valid @NotNull RouteRequest request) {
        return orchestrator.route(request);
    }

    @GET
    @Path("/decisions/{id}")
    @Operation(summary = "A past routing decision")
    @APIResponse(responseCode = "404", description = "No decision with this id",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Decision decision(@PathParam("id") String id) {
        return orchestrator.decision(id);
    }

    @POST
    @Path("/feedback")
    @Operation(summary = "Feed a verified outcome back", description = "The reward (score - lambda x cost, lambda 0.1 by default) of a "
            + "decision's outcome goes into the experience memory, so the next decision is better.")
    public FeedbackResult feedback(@Valid @NotNull FeedbackRequest request) {
        return orchestrator.feedback(request);
    }

    @POST
    @Path("/verify-and-route")
    @Operation(summary = "Verify an attempt and escalate", description = "Verifies the response of the routed "
            + "model, records the outcome and, when it failed, names the next model to try.")
    @APIResponse(responseCode = "429", description = "The key's quota or the sandboxes' wait queue is full: retry "
            + "after the Retry-After header's seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Escalation.Outcome verifyAndRoute(@Valid @NotNull Escalation.Attempt attempt, @Context HttpServerRequest http) {
        try (Admission.Permit permit = admission.verification(Callers.name(identity))) {
            return escalation.attempt(attempt, SandboxClient.cancellable(Disconnects.of(http)));
        }
    }
}
