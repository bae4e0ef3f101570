package dev.arbiter.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The service verifying in shared isolation (batch scoring's mode) for every request. */
public class SharedIsolation implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("arbiter.sandbox.isolation", "shared");
    }
}
