package dev.arbiter.provider;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The application without its sandbox pool or eager router: provider tests need neither a container nor a store. */
public class NoSandbox implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("arbiter.sandbox.enabled", "false", "arbiter.router.eager", "false");
    }
}
