package dev.arbiter.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with its static tampering rules off: tests of the sandbox's trusted boundary run under it, so that a
 * hostile candidate meets the runtime boundary alone, not a rule that refuses it before it runs. Under this profile
 * a case that only a static rule names (expected reasons exactly [tampering]) must still fail, for whatever reason.
 */
public class BoundaryOnly implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("arbiter.verifier.tampering.enabled", "false");
    }

    /** Whether a verdict's reason is right for a case under this profile. */
    public static boolean reasonFits(java.util.List<String> expected, String reason, String status) {
        if (expected.equals(java.util.List.of("tampering"))) {
            return "failed".equals(status);
        }
        return expected.isEmpty() || expected.contains(reason);
    }
}
