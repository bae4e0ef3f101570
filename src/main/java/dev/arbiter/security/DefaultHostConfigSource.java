package dev.arbiter.security;

import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@code arbiter.http.default-host}, the address the service listens on when {@code ARBITER_HOST} is not set:
 * all interfaces when an API keys file is configured, loopback only when not (an anonymous service is local).
 */
public class DefaultHostConfigSource implements ConfigSource {
    static final String NAME = "arbiter.http.default-host";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(NAME);
    }

    @Override
    public String getValue(String propertyName) {
        if (!NAME.equals(propertyName)) {
            return null;
        }
        String file = System.getenv("ARBITER_API_KEYS_FILE");
        if (file == null || file.isBlank()) {
            file = System.getProperty("arbiter.security.api-keys-file");
        }
        return file == null || file.isBlank() ? "127.0.0.1" : "0.0.0.0";
    }

    @Override
    public String getName() {
        return "arbiter-default-host";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
