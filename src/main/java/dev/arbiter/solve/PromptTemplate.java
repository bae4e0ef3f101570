package dev.arbiter.solve;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a dimension's task is put to a model: an optional system message, the first user message, and the user message
 * that sends a failed answer back with the verifier's diagnosis.
 */
public record PromptTemplate(
        @JsonProperty("system") String system,
        @JsonProperty(value = "user", required = true) String user,
        @JsonProperty(value = "repair", required = true) String repair) {
}
