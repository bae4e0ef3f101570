package dev.arbiter.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.sandbox.SandboxConfig;
import dev.arbiter.sandbox.runtime.Runtime;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A task's own limits over its runtime's: replaced value by value, bounded by the service's maxima. */
class TaskLimitsTest {
    private static final RuntimeCatalog CATALOG = new RuntimeCatalog(Path.of("sandbox-images"));
    private static final Runtime PYTHON = CATALOG.find("python").orElseThrow();
    private static final TaskLimits LIMITS = new TaskLimits(new SandboxConfig.MaxTaskLimits() {
        public int runSeconds() {
            return 120;
        }

        public int testSeconds() {
            return 60;
        }

        public int memoryMb() {
            return 4096;
        }
    });

    @Test
    void noLimitsOrTheDefaultsAgainKeepTheCatalogsRuntime() {
        assertSame(PYTHON, LIMITS.apply(PYTHON, null));
        assertSame(PYTHON, LIMITS.apply(PYTHON, new Task.Limits(null, null, null)));
        var same = new Task.Limits(PYTHON.limits().runTimeoutSeconds(), null, PYTHON.limits().memoryMb());
        assertSame(PYTHON, LIMITS.apply(PYTHON, same));
        assertTrue(CATALOG.isCatalogs(LIMITS.apply(PYTHON, same)));
    }

    @Test
    void eachGivenValueReplacesTheRuntimesAndTheRestStay() {
        Runtime own = LIMITS.apply(PYTHON, new Task.Limits(60, 4, 2048));
        assertEquals(60, own.limits().runTimeoutSeconds());
        assertEquals(4, own.limits().testTimeoutSeconds());
        assertEquals(2048, own.limits().memoryMb());
        assertEquals(PYTHON.limits().pids(), own.limits().pids());
        assertEquals(PYTHON.limits().outputKb(), own.limits().outputKb());
        assertEquals(PYTHON.run(), own.run());
        assertFalse(CATALOG.isCatalogs(own), "a runtime with a task's limits is not the catalog's: no warm container");
        assertTrue(own.limits().problems().isEmpty());
    }

    @Test
    void aShorterRunTakesThePerTestLimitDownWithIt() {
        Runtime own = LIMITS.apply(PYTHON, new Task.Limits(1, null, null));
        assertEquals(1, own.limits().runTimeoutSeconds());
        assertEquals(1, own.limits().testTimeoutSeconds());
    }

    @Test
    void moreThanTheServiceAllowsIsRefusedNamingTheField() {
        var run = assertThrows(LimitsRefusedException.class, () -> LIMITS.apply(PYTHON, new Task.Limits(121, null, null)));
        assertEquals("task.limits.runSeconds", run.field());
        var memory = assertThrows(LimitsRefusedException.class, () -> LIMITS.apply(PYTHON, new Task.Limits(null, null, 8192)));
        assertEquals("task.limits.memoryMb", memory.field());
        var test = assertThrows(LimitsRefusedException.class, () -> LIMITS.apply(PYTHON, new Task.Limits(10, 20, null)));
        assertEquals("task.limits.testSeconds", test.field());
    }
}
