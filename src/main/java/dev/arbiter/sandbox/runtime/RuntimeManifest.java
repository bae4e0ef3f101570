package dev.arbiter.sandbox.runtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The runtime.yaml file of a sandbox-images folder, as written. */
record RuntimeManifest(
        @JsonProperty(value = "language", required = true) String language,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty(value = "source-file", required = true) String sourceFile,
        @JsonProperty("test-file") String testFile,
        @JsonProperty("compile") List<String> compile,
        @JsonProperty(value = "run", required = true) List<String> run,
        @JsonProperty("agent") List<String> agent,
        @JsonProperty("shard-runner") List<String> shardRunner,
        @JsonProperty("shard-container") ShardContainer shardContainer,
        @JsonProperty("standalone") Standalone standalone,
        @JsonProperty(value = "limits", required = true) Limits limits) {
}
