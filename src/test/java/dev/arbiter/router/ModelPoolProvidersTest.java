package dev.arbiter.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The models file's optional provider connections: read with defaults, refused with the file and the line. */
class ModelPoolProvidersTest {
    @TempDir
    Path dir;

    private static final String HEADER = "models:\n"
            + "  - {name: plain, provider: Nobody, tier: low, input-per-1m: 0.1, output-per-1m: 0.2}\n";

    private Path file(String body) throws IOException {
        Path f = dir.resolve("models.yaml");
        Files.writeString(f, HEADER + body);
        return f;
    }

    /** Model x in block style (lines 3-6), its connection's lines (from line 7) given. */
    private static String blockModel(String connectionLines) {
        return """
                  - name: x
                    input-per-1m: 1
                    output-per-1m: 1
                    connection:
                """ + connectionLines;
    }

    private IllegalStateException refused(String body) throws IOException {
        Path f = file(body);
        return assertThrows(IllegalStateException.class, () -> ModelPool.load(Optional.of(f.toString())));
    }

    @Test
    void modelsWithoutAConnectionAreOnlyRouted() {
        List<ModelSpec> shipped = ModelPool.defaults();
        assertEquals(8, shipped.size());
        assertTrue(shipped.stream().allMatch(m -> m.providerConnection().isEmpty()));
    }

    @Test
    void aConnectionIsReadWithItsDefaults() throws IOException {
        Path f = file("""
                  - name: sonnet
                    provider: Anthropic
                    input-per-1m: 3.0
                    output-per-1m: 15.0
                    connection:
                      kind: anthropic
                      base-url: https://api.anthropic.com/
                      key-env: ANTHROPIC_API_KEY
                      model: claude-sonnet-4-6
                  - name: local
                    input-per-1m: 0
                    output-per-1m: 0
                    connection: {kind: openai-compatible, base-url: "http://127.0.0.1:8000/v1", max-output-tokens: 512, timeout-seconds: 2.5}
                """);
        List<ModelSpec> pool = ModelPool.load(Optional.of(f.toString()));
        ProviderConnection sonnet = pool.get(1).connection();
        assertEquals(ProviderConnection.Kind.ANTHROPIC, sonnet.kind());
        assertEquals("https://api.anthropic.com", sonnet.baseUri().toString());
        assertEquals("ANTHROPIC_API_KEY", sonnet.keyEnv());
        assertEquals("claude-sonnet-4-6", sonnet.providerModel("sonnet"));
        assertEquals(ProviderConnection.DEFAULT_MAX_OUTPUT_TOKENS, sonnet.outputTokenCap());
        assertEquals(Duration.ofSeconds(60), sonnet.timeout());
        ProviderConnection local = pool.get(2).connection();
        assertEquals("local", local.providerModel("local"));
        assertEquals(512, local.outputTokenCap());
        assertEquals(Duration.ofMillis(2500), local.timeout());
        assertFalse(pool.get(0).providerConnection().isPresent());
    }

    @Test
    void aRefusedValueInABlockNamesTheConnectionsFirstLine() throws IOException {
        IllegalStateException e = refused(blockModel("""
                      kind: anthropic
                      base-url: https://example.test
                """) + "  - {name: y, input-per-1m: 1, output-per-1m: 1}\n");
        assertTrue(e.getMessage().contains("models.yaml:7: key-env is required for kind anthropic"), e.getMessage());
    }

    @Test
    void anUnknownKindNamesFileAndLine() throws IOException {
        IllegalStateException e = refused(blockModel("""
                      kind: gemini
                      base-url: https://example.test
                """));
        assertTrue(e.getMessage().contains("models.yaml:7:"), e.getMessage());
        assertTrue(e.getMessage().contains("gemini"), e.getMessage());
    }

    @Test
    void aMissingBaseUrlNamesFileAndLine() throws IOException {
        IllegalStateException e = refused("""
                  - {name: x, input-per-1m: 1, output-per-1m: 1, connection: {kind: anthropic, key-env: K}}
                """);
        assertTrue(e.getMessage().contains("models.yaml:3:"), e.getMessage());
        assertTrue(e.getMessage().contains("base-url"), e.getMessage());
    }

    @Test
    void aBadValueNamesFileLineAndProblem() throws IOException {
        IllegalStateException e = refused("""
                  - {name: x, input-per-1m: 1, output-per-1m: 1, connection: {kind: openai-compatible, base-url: "ftp://h", key-env: K}}
                """);
        assertTrue(e.getMessage().matches("(?s).*models\\.yaml:3: base-url must be an absolute http\\(s\\) URL.*"), e.getMessage());
        IllegalStateException timeout = refused("""
                  - {name: x, input-per-1m: 1, output-per-1m: 1, connection: {kind: openai-compatible, base-url: "http://h", timeout-seconds: 0}}
                """);
        assertTrue(timeout.getMessage().contains("models.yaml:3: timeout-seconds"), timeout.getMessage());
    }

    @Test
    void aKeyPastedInsteadOfAVariableNameIsRefusedWithoutEchoingIt() throws IOException {
        String key = "sk-live-0123456789abcdef";
        IllegalStateException e = refused("""
                  - {name: x, input-per-1m: 1, output-per-1m: 1, connection: {kind: openai-compatible, base-url: "http://h", key-env: "%s"}}
                """.formatted(key));
        assertTrue(e.getMessage().contains("models.yaml:3: key-env must be the name of an environment variable"), e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(key), "the key leaked: " + t);
        }
    }

    @Test
    void anUnknownConnectionFieldNamesFileAndLine() throws IOException {
        IllegalStateException e = refused(blockModel("""
                      kind: anthropic
                      base-url: https://example.test
                      key-env: K
                      api-key: literal
                """));
        // Jackson reports an unknown field where it finished reading it (here the line after), as for every field of the file.
        assertTrue(e.getMessage().matches("(?s).*models\\.yaml:1[01]: Unrecognized field \"api-key\".*"), e.getMessage());
    }
}
