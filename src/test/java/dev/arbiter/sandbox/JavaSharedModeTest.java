package dev.arbiter.sandbox;

import static dev.arbiter.support.Requests.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.BoundaryOnly;
import dev.arbiter.support.Containers;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Java in shared isolation against the real engine (sandbox-images/java ShardRunner: a warm javac for the shard, each
 * job its own directory, uid and JVMs): the same verdicts as strict mode for every kind of candidate, nothing of a
 * job reachable or left for the next one, no shard container left.
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class JavaSharedModeTest {
    private static final String PROMPT = "import java.util.*;\nimport java.lang.*;\n\nclass Solution {\n    public int f(int x) {\n";
    private static final String TESTS = "public class Main {\n    public static void main(String[] args) {\n"
            + "        Solution s = new Solution();\n        if (s.f(3) != 9) throw new AssertionError(\"f(3)\");\n"
            + "        assert s.f(-4) == 16 : \"f(-4)\";\n    }\n}\n";
    /** Tests that construct the candidate's own class with state: the in-process fallback. */
    private static final String FALLBACK_TESTS = "public class Main {\n    public static void main(String[] args) {\n"
            + "        Solution s = new Solution() { };\n        if (s.f(3) != 9) throw new AssertionError(\"f(3)\");\n    }\n}\n";

    @Inject
    Verifier verifier;
    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;
    @Inject
    ObjectMapper json;

    @AfterEach
    void nothingLeft() {
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    private VerificationRequest java(String body, String tests) {
        return json.convertValue(body("java", PROMPT, tests, "f", body), VerificationRequest.class);
    }

    private static String summary(Verdict v) {
        return v.status().wireName() + " " + v.reason() + " " + v.confidence() + " "
                + (v.tests() == null ? "-" : v.tests().passed() + "/" + v.tests().total());
    }

    @Test
    void sharedAndStrictModesGiveIdenticalVerdicts() {
        Map<String, VerificationRequest> candidates = new LinkedHashMap<>();
        candidates.put("right", java("        return x * x;\n    }\n}\n", TESTS));
        candidates.put("wrong", java("        return x * 3;\n    }\n}\n", TESTS));
        candidates.put("wrong for the assert keyword only", java("        return x == -4 ? 0 : x * x;\n    }\n}\n", TESTS));
        candidates.put("does not compile", java("        return \"nine\";\n    }\n}\n", TESTS));
        candidates.put("another signature", java("        return x * x;\n    }\n    public int f(long x) { return 0; }\n}\n", TESTS));
        candidates.put("throws", java("        throw new IllegalStateException(\"no\");\n    }\n}\n", TESTS));
        candidates.put("System.exit(0)", java("        System.exit(0);\n        return 0;\n    }\n}\n", TESTS));
        candidates.put("spins", java("        while (true) { x++; }\n    }\n}\n", TESTS));
        candidates.put("memory bomb", java("        List<long[]> hoard = new ArrayList<>();\n"
                + "        while (true) { hoard.add(new long[1 << 20]); }\n    }\n}\n", TESTS));
        candidates.put("floods its output", java("        while (true) { System.out.println(\"x\".repeat(10000)); }\n    }\n}\n", TESTS));
        candidates.put("leaves a process behind", java("        try { new ProcessBuilder(\"sleep\", \"300\").start(); }"
                + " catch (Exception e) { throw new RuntimeException(e); }\n        return x * x;\n    }\n}\n", TESTS));
        candidates.put("right, in process (fallback)", java("        return x * x;\n    }\n}\n", FALLBACK_TESTS));
        candidates.put("wrong, in process (fallback)", java("        return x + 6;\n    }\n}\n", FALLBACK_TESTS));
        candidates.put("right again", java("        return x * x;\n    }\n}\n", TESTS));

        SandboxClient strictClient = SandboxClient.of(Isolation.STRICT);
        SandboxClient sharedClient = SandboxClient.of(Isolation.SHARED);
        Map<String, Verdict> strict = new LinkedHashMap<>();
        Map<String, Verdict> shared = new LinkedHashMap<>();
        candidates.forEach((name, r) -> strict.put(name, verifier.verify(r, strictClient)));
        candidates.forEach((name, r) -> shared.put(name, verifier.verify(r, sharedClient)));

        for (String name : candidates.keySet()) {
            Verdict a = strict.get(name);
            Verdict b = shared.get(name);
            assertEquals(summary(a), summary(b), () -> name + ": strict said " + a.detail() + "; shared said " + b.detail());
        }
        assertEquals("passed", shared.get("right").status().wireName(), shared.get("right").detail());
        assertEquals("failed", shared.get("wrong for the assert keyword only").status().wireName());
        assertEquals("compile_error", shared.get("does not compile").reason().wireName());
        assertEquals("timeout", shared.get("spins").reason().wireName());
        assertEquals("passed", shared.get("right, in process (fallback)").status().wireName(),
                shared.get("right, in process (fallback)").detail());
        assertEquals("passed", shared.get("right again").status().wireName());
    }

    @Test
    void aJobCannotReachTheRunnerTheCompilerOrAnotherJob() {
        // Passes (returns x * x) only when every probe is refused; otherwise returns a wrong value and says why. Each
        // job leaves a process behind that the next one must not see.
        String probe = """
                        StringBuilder found = new StringBuilder();
                        java.util.function.LongUnaryOperator uidOf = pid -> {
                            try {
                                String status = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/status"));
                                return Long.parseLong(new java.util.StringTokenizer(status.split("Uid:")[1]).nextToken());
                            } catch (Exception e) { return -1; }
                        };
                        long self = ProcessHandle.current().pid();
                        long me = uidOf.applyAsLong(self);
                        if (me == 0 || me == 65534 || me == 64001 || me < 0) found.append("runs as uid " + me + "; ");
                        if (new java.io.File("/work").list() != null) found.append("could list /work; ");
                        try { java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/1/environ")); found.append("read /proc/1/environ; "); }
                        catch (Exception e) { }
                        for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
                            if (h.pid() == self || h.parent().map(q -> q.pid() == self).orElse(false)) continue;
                            long uid = uidOf.applyAsLong(h.pid());
                            // root's are the runner's, the judge's and init; 64001 the shard's compiler; -1: gone meanwhile
                            if (uid != 0 && uid != 64001 && uid != -1) found.append("saw a process of uid " + uid + "; ");
                        }
                        try { new ProcessBuilder("sleep", "300").start(); } catch (Exception e) { }
                        if (found.length() > 0) { System.err.println(found); return -1; }
                        return x * x;
                    }
                }
                """;
        for (int i = 0; i < 4; i++) {
            Verdict v = verifier.verify(java(probe, TESTS), SandboxClient.of(Isolation.SHARED));
            assertEquals("passed", v.status().wireName(), () -> summary(v) + " " + v.detail() + " " + v.execution());
            assertTrue(v.tests().total() >= 1);
        }
    }
}
