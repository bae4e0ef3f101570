package dev.arbiter.api;

import dev.arbiter.quota.Admission;
import dev.arbiter.quota.Callers;
import dev.arbiter.quota.Quota;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import dev.arbiter.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import org.jboss.resteasy.reactive.RestResponse;

/** POST /v1/verify: one task and one response in, one verdict out. */
@Path("/v1/verify")
@Tag(name = "verify", description = "Verdicts by execution: did the answer actually work")
@RolesAllowed(Roles.VERIFY)
@Quota
public class VerifyResource {
    private final Verifier verifier;
    private final Admission admission;
    private final SecurityIdentity identity;

    public VerifyResource(Verifier verifier, Admission admission, SecurityIdentity identity) {
        this.verifier = verifier;
        this.admission = admission;
        this.identity = identity;
    }

    /** 200 with the verdict; 503 (still with the verdict, status indeterminate) when no sandbox could run it. */
    @POST
    @Operation(summary = "Verify one response to one task", description = "Extracts the code, checks syntax and AST, "
            + "runs the task's tests in a throwaway container (the judge and the candidate in separate processes), "
            + "weighs the signals per dimension into a confidence in [0,1] and returns the verdict.")
    @APIResponse(responseCode = "200", description = "The verdict (passed, failed or partial)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Verdict.class)))
    @APIResponse(responseCode = "400", description = "A malformed or invalid request, field by field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "A body over the size limit")
    @APIResponse(responseCode = "429", description = "The key's quota or the sandboxes' wait queue is full: retry after "
            + "the Retry-After header's seconds",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No sandbox could run it: the verdict, status indeterminate",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Verdict.class)))
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<Verdict> verify(@Valid @NotNull VerificationRequest request, @Context HttpServerRequest http) {
        Verdict verdict;
        try (Admission.Permit permit = admission.verification(Callers.name(identity))) {
            verdict = verifier.verify(request, SandboxClient.cancellable(Disconnects.of(http)));
        }
        if (verdict.reason().isInfrastructure()) {
            return RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE, verdict);
        }
        return RestResponse.ok(verdict);
    }
}
