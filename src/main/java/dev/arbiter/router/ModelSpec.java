package dev.arbiter.router;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One model of the pool: who serves it, what it costs per million input and output tokens, whether it is in use. */
public record ModelSpec(
        @JsonProperty(value = "name", required = true) String name,
        @JsonProperty("provider") String provider,
        @JsonProperty("tier") String tier,
        @JsonProperty(value = "input-per-1m", required = true) double inputPer1m,
        @JsonProperty(value = "output-per-1m", required = true) double outputPer1m,
        @JsonProperty("enabled") Boolean enabled) {

    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** USD for a call with these token counts. */
    public double cost(double inputTokens, double outputTokens) {
        return (inputTokens * inputPer1m + outputTokens * outputPer1m) / 1_000_000.0;
    }
}
