package dev.arbiter.verifier.signal.judge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The optional LLM judge: any OpenAI-compatible chat-completions endpoint. Off unless enabled. */
@ConfigMapping(prefix = "arbiter.judge")
public interface JudgeConfig {
    @WithDefault("false")
    boolean enabled();

    /** Base URL ending before /chat/completions, e.g. http://localhost:8000/v1. */
    Optional<String> baseUrl();

    @WithDefault("gpt-4o-mini")
    String model();

    /** The environment variable holding the API key (never the key itself in configuration). */
    @WithDefault("ARBITER_JUDGE_API_KEY")
    String apiKeyEnv();

    @WithDefault("20s")
    Duration timeout();

    @WithDefault("10000")
    int cacheSize();

    /** Longer answers are cut to this many characters before they go to the judge. */
    @WithDefault("20000")
    int maxAnswerChars();
}
