package dev.arbiter.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.sandbox.KillCause;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReasonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReasonTravelsAsItsWireNameAndBack() throws Exception {
        for (Reason reason : Reason.values()) {
            String json = JSON.writeValueAsString(reason);
            assertEquals('"' + reason.wireName() + '"', json);
            assertEquals(reason, JSON.readValue(json, Reason.class));
        }
        assertThrows(IllegalArgumentException.class, () -> Reason.of("sandbox-unavailable"));
    }

    @Test
    void onlyTheSandboxFailingIsInfrastructure() {
        assertTrue(Reason.SANDBOX_UNAVAILABLE.isInfrastructure());
        assertEquals(1, Arrays.stream(Reason.values()).filter(Reason::isInfrastructure).count());
        assertFalse(Reason.INVALID_TESTS.isInfrastructure());
    }

    @Test
    void killsMapToTheirReasonWhileRunningAndWhileCompiling() {
        for (KillCause cause : KillCause.values()) {
            Reason running = Reason.killed(cause, false);
            Reason compiling = Reason.killed(cause, true);
            assertEquals(cause, running.killCause());
            assertEquals(cause, compiling.killCause());
            assertEquals("compile_" + running.wireName(), compiling.wireName());
            assertTrue(compiling.isGate());
            assertFalse(running.isGate());
        }
    }

    @Test
    void tamperingSettlesTheVerdictAndIsNotFixableByRetrying() {
        assertTrue(Reason.TAMPERING.isGate());
        assertFalse(Reason.TAMPERING.isFixable());
        assertTrue(Reason.SYNTAX_ERROR.isFixable());
        assertFalse(Reason.TESTS_FAILED.isGate());
    }
}
