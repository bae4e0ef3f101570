package dev.arbiter.api;

import dev.arbiter.router.Decision;
import dev.arbiter.router.Escalation;
import dev.arbiter.router.FeedbackRequest;
import dev.arbiter.router.FeedbackResult;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.router.RouteRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The routing loop over REST: route, look a decision up, feed a verified outcome back, verify and escalate. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RouteResource {
    private final Orchestrator orchestrator;
    private final Escalation escalation;

    public RouteResource(Orchestrator orchestrator, Escalation escalation) {
        this.orchestrator = orchestrator;
        this.escalation = escalation;
    }

    @POST
    @Path("/route")
    public Decision route(@Valid @NotNull RouteRequest request) {
        return orchestrator.route(request);
    }

    @GET
    @Path("/decisions/{id}")
    public Decision decision(@PathParam("id") String id) {
        return orchestrator.decision(id);
    }

    @POST
    @Path("/feedback")
    public FeedbackResult feedback(@Valid @NotNull FeedbackRequest request) {
        return orchestrator.feedback(request);
    }

    @POST
    @Path("/verify-and-route")
    public Escalation.Outcome verifyAndRoute(@Valid @NotNull Escalation.Attempt attempt) {
        return escalation.attempt(attempt);
    }
}
