package dev.arbiter.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Who may call the service: the API keys file, and whether a service without keys may listen beyond loopback. */
@ConfigMapping(prefix = "arbiter.security")
public interface SecurityConfig {
    /** The API keys (one per line: name, roles, sha256 of the key; see ApiKeys). None: the service is anonymous. */
    Optional<Path> apiKeysFile();

    /** Lets a service without keys listen on a non-loopback address (everyone who reaches it may run code). */
    @WithDefault("false")
    boolean allowAnonymous();
}
