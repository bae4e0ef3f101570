package dev.arbiter.router;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * How Arbiter calls a model itself: the protocol, where, which environment variable holds the key (never the key),
 * the provider's name for the model, the output cap and the time one call may take. Invalid values are refused while
 * the models file is read, so that start-up names the file and line.
 */
@JsonDeserialize(using = ProviderConnectionReader.class)
public record ProviderConnection(
        Kind kind, String baseUrl, String keyEnv, String model, Integer maxOutputTokens, Double timeoutSeconds) {

    /** 4096: the output limit of the smallest models of both APIs (GPT-4 Turbo, Claude 3 Haiku), so every model accepts it. */
    public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;
    /** 60 s: a 4096-token answer at the 70-100 tokens/s of hosted models, with margin. */
    public static final double DEFAULT_TIMEOUT_SECONDS = 60;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The wire protocol of a provider. */
    public enum Kind {
        OPENAI_COMPATIBLE("openai-compatible"), ANTHROPIC("anthropic");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Kind of(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("kind must be openai-compatible or anthropic, not '" + id + "'"));
        }
    }

    public ProviderConnection {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required (openai-compatible or anthropic)");
        }
        URI uri = parse(baseUrl);
        if (uri == null || uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("base-url must be an absolute http(s) URL, not '" + baseUrl + "'");
        }
        if (keyEnv != null && !ENV_NAME.matcher(keyEnv).matches()) {
            // The value may be a pasted key: say what is wrong without showing it.
            throw new IllegalArgumentException("key-env must be the name of an environment variable (letters, digits, _),"
                    + " never the key itself; the value is not shown");
        }
        if (keyEnv == null && kind == Kind.ANTHROPIC) {
            throw new IllegalArgumentException("key-env is required for kind anthropic");
        }
        if (model != null && model.isBlank()) {
            throw new IllegalArgumentException("model must not be blank (leave it out to use the pool's name)");
        }
        if (maxOutputTokens != null && maxOutputTokens <= 0) {
            throw new IllegalArgumentException("max-output-tokens must be 1 or more, not " + maxOutputTokens);
        }
        if (timeoutSeconds != null && !(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
            throw new IllegalArgumentException("timeout-seconds must be in (0, 3600], not " + timeoutSeconds);
        }
    }

    private static URI parse(String url) {
        try {
            return url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The base URL without a trailing slash, so that paths append cleanly. */
    public URI baseUri() {
        return URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    }

    /** The provider's name for the model: the pool's name unless the file says otherwise. */
    public String providerModel(String poolName) {
        return model != null ? model : poolName;
    }

    public int outputTokenCap() {
        return maxOutputTokens != null ? maxOutputTokens : DEFAULT_MAX_OUTPUT_TOKENS;
    }

    public Duration timeout() {
        return Duration.ofMillis(Math.round(1000 * (timeoutSeconds != null ? timeoutSeconds : DEFAULT_TIMEOUT_SECONDS)));
    }
}
