package dev.arbiter.api;

import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** POST /v1/verify: one task and one response in, one verdict out. */
@Path("/v1/verify")
public class VerifyResource {
    private final Verifier verifier;

    public VerifyResource(Verifier verifier) {
        this.verifier = verifier;
    }

    /** 200 with the verdict; 503 (still with the verdict, status indeterminate) when no sandbox could run it. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public RestResponse<Verdict> verify(@Valid @NotNull VerificationRequest request) {
        Verdict verdict = verifier.verify(request);
        if (verdict.reason().isInfrastructure()) {
            return RestResponse.status(RestResponse.Status.SERVICE_UNAVAILABLE, verdict);
        }
        return RestResponse.ok(verdict);
    }
}
