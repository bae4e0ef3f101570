package dev.arbiter.router;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * One model of the pool: who serves it, what it costs per million input and output tokens, whether it is in use, and
 * optionally how Arbiter calls it ({@code connection}); a model without one is only routed to.
 */
public record ModelSpec(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("provider") String provider,
        @JsonProperty("tier") String tier,
        @JsonProperty(value = "input-per-1m", required = true) double inputPer1m,
        @JsonProperty(value = "output-per-1m", required = true) double outputPer1m,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("connection") ProviderConnection connection) {

    @JsonCreator
    public ModelSpec {
    }

    /** A model Arbiter routes to but does not call. */
    public ModelSpec(String name, String provider, String tier, double inputPer1m, double outputPer1m, Boolean enabled) {
        this(name, provider, tier, inputPer1m, outputPer1m, enabled, null);
    }

    public Optional<ProviderConnection> providerConnection() {
        return Optional.ofNullable(connection);
    }

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** USD for a call with these token counts. */
    public double cost(double inputTokens, double outputTokens) {
        return (inputTokens * inputPer1m + outputTokens * outputPer1m) / 1_000_000.0;
    }
}
