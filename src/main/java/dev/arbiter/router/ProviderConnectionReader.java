package dev.arbiter.router;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * Reads a {@link ProviderConnection} and reports a value its constructor refuses at the line where the connection
 * starts: Jackson alone would point past the end of a block mapping, at the next model.
 */
class ProviderConnectionReader extends StdDeserializer<ProviderConnection> {

    record Fields(
            @JsonProperty(value = "kind", required = true) ProviderConnection.Kind kind,
            @JsonProperty(value = "base-url", required = true) String baseUrl,
            @JsonProperty("key-env") String keyEnv,
            @JsonProperty("model") String model,
            @JsonProperty("max-output-tokens") Integer maxOutputTokens,
            @JsonProperty("timeout-seconds") Double timeoutSeconds) {
    }

    ProviderConnectionReader() {
        super(ProviderConnection.class);
    }

    @Override
    public ProviderConnection deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        Fields f = ctxt.readValue(p, Fields.class);
        try {
            return new ProviderConnection(f.kind(), f.baseUrl(), f.keyEnv(), f.model(), f.maxOutputTokens(), f.timeoutSeconds());
        } catch (IllegalArgumentException e) {
            throw new JsonMappingException(p, e.getMessage(), start);
        }
    }
}
