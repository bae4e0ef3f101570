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

/** The shard runner's wire format: jobs' files out, results in (the runner's side is sandbox-images/python/shard.py). */
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

    private static String result(int status, String killedBy, String out, long outSeen, String err, long errSeen) {
        return "{\"id\": \"j0\", \"status\": " + status + ", \"killedBy\": " + (killedBy == null ? "null" : "\"" + killedBy + "\"")
                + ", \"ms\": 1.5, \"stdout\": \"" + b64(out) + "\", \"stdoutSeen\": " + outSeen + ", \"stderr\": \""
                + b64(err) + "\", \"stderrSeen\": " + errSeen + "}";
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
