package dev.arbiter.provider.openai;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.SseEvent;

/** The OpenAI chat-completions endpoint, relative to a base URL that ends in the API version (e.g. .../v1). */
@Path("/chat/completions")
public interface OpenAiApi {
    /** The body is JSON built with the application's ObjectMapper; the reply is read raw, so that junk can be told apart. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response complete(@HeaderParam("Authorization") String authorization, String body);

    /** The same call with {@code "stream": true}: the reply is server-sent events, one chunk each. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(@HeaderParam("Authorization") String authorization, String body);
}
