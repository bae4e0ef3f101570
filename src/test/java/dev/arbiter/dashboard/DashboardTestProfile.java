package dev.arbiter.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.UUID;

/**
 * The application with API keys (SecurityApiTest's), no sandboxes (no container engine is needed: verifications
 * without one are judged as far as they can be, syntax errors included) and a routing store of its own.
 */
public class DashboardTestProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("arbiter.security.api-keys-file", "src/test/resources/security/api-keys.txt",
                "arbiter.sandbox.enabled", "false",
                "arbiter.db.url", "jdbc:h2:file:./target/test-data/dashboard-" + UUID.randomUUID()
                        + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }
}
