package dev.arbiter.provider.anthropic;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.client.SseEvent;

/** Anthropic's Messages API, relative to the provider's root URL. */
@Path("/v1/messages")
public interface AnthropicApi {
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Response create(@HeaderParam("x-api-key") String key, @HeaderParam("anthropic-version") String version, String body);

    /** The same call with {@code "stream": true}: named server-sent events (message_start, content_block_delta, ...). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> stream(@HeaderParam("x-api-key") String key, @HeaderParam("anthropic-version") String version,
            String body);
}
