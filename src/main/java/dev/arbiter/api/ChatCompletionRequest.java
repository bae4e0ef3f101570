package dev.arbiter.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The part of OpenAI's chat-completions request Arbiter uses. Sampling settings (temperature, top_p, stop, ...) are
 * accepted and not forwarded: the provider's defaults apply. Tools, function calls and images are refused with a
 * 400 that says so, rather than silently dropped. {@code arbiter.dimension} / {@code arbiter.language} (or
 * {@code metadata.dimension} / {@code metadata.language}, or the X-Arbiter-Dimension / X-Arbiter-Language headers)
 * tell the router what the task is when the client knows.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatCompletionRequest(
        @NotBlank @Size(max = 100) String model,
        @NotNull @Size(min = 1, max = 500) List<@NotNull @Valid Message> messages,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("max_tokens") @Positive Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Positive Integer maxCompletionTokens,
        @Size(max = 16) Map<@Size(max = 64) String, @Size(max = 512) String> metadata,
        JsonNode tools,
        JsonNode functions,
        @Positive Integer n,
        @Valid Extension arbiter) {

    /**
     * Arbiter's own fields (OpenAI SDKs send them as {@code extra_body}): what the task is, and for
     * {@code model: "arbiter/verified"} the tests that judge the answer and the solve's limits.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Extension(
            @Size(max = 40) String dimension,
            @Size(max = 40) String language,
            @Size(max = 400_000) String tests,
            @Size(max = 200) @jakarta.validation.constraints.Pattern(regexp = "[A-Za-z_$][A-Za-z0-9_$]*",
                    message = "must be an identifier") String entryPoint,
            @jakarta.validation.constraints.PositiveOrZero Double maxCost,
            @Size(min = 1, max = 50) List<@NotBlank @Size(max = 100) String> allowedModels,
            @Positive @jakarta.validation.constraints.Max(100) Integer maxAttempts) {
    }

    /** One message; {@code content} is a string or an array of parts, of which only text parts are taken. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(@NotBlank @Size(max = 20) String role, JsonNode content,
            @JsonProperty("tool_calls") JsonNode toolCalls) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {
    }

    public boolean streams() {
        return Boolean.TRUE.equals(stream);
    }

    public Integer outputLimit() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }
}
