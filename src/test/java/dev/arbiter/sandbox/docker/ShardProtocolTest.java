package dev.arbiter.sandbox.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.sandbox.SandboxJob.SandboxFile;
import dev.arbiter.sandbox.KillCause;
import dev.arbiter.sandbox.StepResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shard runners' wire format: jobs' files out, results in (the runners' side: sandbox-images/python/shard.py and
 * sandbox-images/java/arbiter/ShardRunner.java).
 */
class ShardProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void filesAreFramedBySizeModeAndName() {
        Map<String, SandboxFile> files = new LinkedHashMap<>();
        files.put("solution.py", SandboxFile.writable("x = 1\n".getBytes(StandardCharsets.UTF_8)));
        files.put("dir/tests.py", SandboxFile.readOnly("é\n".getBytes(StandardCharsets.UTF_8)));
        String framed = new String(Shard.encode(files), StandardCharsets.UTF_8);
        assertEquals("6 644 solution.py\nx = 1\n3 444 dir/tests.py\né\n", framed);
    }

    @Test
    void namesThatLeaveTheDirectoryOrBreakTheFrameAreRefused() {
        for (String name : new String[] {"/etc/passwd", "../x", "a\nb", " "}) {
            assertThrows(IllegalArgumentException.class,
                    () -> Shard.encode(Map.of(name, SandboxFile.writable(new byte[0]))), name);
        }
    }

    @Test
    void resultsMapLikeTheAgentsStatus() throws Exception {
        StepResult ok = Shard.step("run", JSON.readTree(result(0, null, "out", 3, "err", 3)));
        assertEquals(0, ok.exitCode());
        assertNull(ok.killedBy());
        assertEquals("out", ok.stdout());
        assertFalse(ok.stdoutTruncated());

        StepResult oom = Shard.step("run", JSON.readTree(result(255, null, "", 0, "", 0)));
        assertEquals(KillCause.MEMORY_LIMIT, oom.killedBy());
        assertEquals(137, oom.exitCode());

        StepResult killed = Shard.step("run", JSON.readTree(result(137, null, "", 0, "", 0)));
        assertEquals(KillCause.SIGNAL, killed.killedBy());

        StepResult timeout = Shard.step("run", JSON.readTree(result(137, "timeout", "abc", 100000, "", 0)));
        assertEquals(KillCause.TIMEOUT, timeout.killedBy());
        assertNull(timeout.exitCode());
        assertTrue(timeout.stdoutTruncated());
    }

    @Test
    void aRunnerThatCompilesAnswersWithNamedStepsAndItsOwnExitCodes() throws Exception {
        var both = Shard.steps("run", JSON.readTree("{\"id\":\"j1\",\"steps\":["
                + step("compile", "0", null) + "," + step("run", "255", null) + "]}"));
        assertEquals(2, both.size());
        assertEquals("compile", both.get(0).name());
        assertTrue(both.get(0).succeeded());
        assertEquals("run", both.get(1).name());
        // an exit code given by the runner is the step's own (the Java judge's 255 is not the agent's out-of-memory)
        assertEquals(255, both.get(1).exitCode());
        assertNull(both.get(1).killedBy());

        var timedOut = Shard.steps("run", JSON.readTree("{\"steps\":[" + step("compile", "null", "timeout") + "]}"));
        assertEquals(1, timedOut.size());
        assertEquals(KillCause.TIMEOUT, timedOut.get(0).killedBy());
        assertNull(timedOut.get(0).exitCode());

        assertThrows(IllegalArgumentException.class,
                () -> Shard.steps("run", JSON.readTree("{\"steps\":[" + step("link", "0", null) + "]}")));
        // the one-step form is still the run step named by the caller
        assertEquals("run", Shard.steps("run", JSON.readTree(result(0, null, "", 0, "", 0))).get(0).name());
    }

    private static String step(String name, String exit, String killedBy) {
        return "{\"name\":\"" + name + "\",\"exit\":" + exit + ",\"killedBy\":" + (killedBy == null ? "null" : "\"" + killedBy + "\"")
                + ",\"stdout\":\"\",\"stdoutSeen\":0,\"stderr\":\"" + b64("e") + "\",\"stderrSeen\":1,\"ms\":2.0}";
    }

    private static String result(int status, String killedBy, String out, long outSeen, String err, long errSeen) {
        return "{\"id\": \"j0\", \"status\": " + status + ", \"killedBy\": " + (killedBy == null ? "null" : "\"" + killedBy + "\"")
                + ", \"ms\": 1.5, \"stdout\": \"" + b64(out) + "\", \"stdoutSeen\": " + outSeen + ", \"stderr\": \""
                + b64(err) + "\", \"stderrSeen\": " + errSeen + "}";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
