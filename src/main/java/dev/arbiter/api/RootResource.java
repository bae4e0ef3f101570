package dev.arbiter.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /} sends a person to the API's documentation (the Swagger UI). */
@Path("/")
@PermitAll
public class RootResource {
    @GET
    @Operation(hidden = true)
    public Response root() {
        return Response.seeOther(URI.create("/q/swagger-ui/")).build();
    }
}
