package dev.arbiter.memory;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Chooses the routing store from {@code arbiter.db.url} alone: a {@code jdbc:postgresql:} URL activates the PostgreSQL
 * datasource (and its migrations) and deactivates the embedded H2 one, any other URL the reverse. Quarkus fixes each
 * datasource's kind at build time, so the service carries both and this picks one at start-up; written here because
 * "which database" is one setting for a user, not three.
 */
public final class StoreSelection implements ConfigSourceFactory {
    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    private static final int ORDINAL = 260;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue("arbiter.db.url");
        boolean postgres = isPostgres(url == null ? null : url.getValue());
        return List.of(new PropertiesConfigSource(Map.of(
                "quarkus.datasource.active", Boolean.toString(!postgres),
                "quarkus.datasource.postgresql.active", Boolean.toString(postgres)), "arbiter store selection", ORDINAL));
    }

    public static boolean isPostgres(String url) {
        return url != null && url.trim().toLowerCase(Locale.ROOT).startsWith("jdbc:postgresql:");
    }
}
