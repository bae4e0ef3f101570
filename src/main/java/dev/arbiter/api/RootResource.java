package dev.arbiter.api;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /} sends a browser (it asks for text/html) to the dashboard at {@code /ui/}, and any other client, as
 * before, to the API's documentation (the Swagger UI). The dashboard lives under its own path so that its static
 * files never compete with an API route.
 */
@Path("/")
@PermitAll
public class RootResource {
    @GET
    @Operation(hidden = true)
    public Response root(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        boolean browser = accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
        return Response.seeOther(URI.create(browser ? "/ui/" : "/q/swagger-ui/")).build();
    }
}
