package dev.arbiter.sandbox;

import static dev.arbiter.support.Requests.body;
import static dev.arbiter.support.Requests.pythonReturningOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.sandbox.docker.DockerSandbox;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.Containers;
import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.VerificationRequest;
import dev.arbiter.verifier.Verifier;
import dev.arbiter.support.BoundaryOnly;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Shared isolation against the real engine: the same verdicts as strict mode, candidates of one shard unable to
 * reach each other or the runner, nothing left of one candidate when the next starts, an engine failure reported as
 * indeterminate, and no shard container left once the work is done.
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class SharedModeTest {
    @Inject
    Verifier verifier;
    @Inject
    DockerSandbox sandbox;
    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;
    @Inject
    ObjectMapper json;

    private static final SandboxClient SHARED = SandboxClient.of(Isolation.SHARED);

    @AfterEach
    void nothingLeft() {
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    private VerificationRequest python(String module) {
        return json.convertValue(pythonReturningOne(module), VerificationRequest.class);
    }

    private static String summary(Verdict v) {
        return v.status().wireName() + " " + v.reason() + " " + v.confidence() + " "
                + (v.tests() == null ? "-" : v.tests().passed() + "/" + v.tests().total());
    }

    /** Verifies the requests in the given mode, `threads` at a time. */
    private List<Verdict> verifyAll(List<VerificationRequest> requests, Isolation mode, int parallel) {
        SandboxClient client = SandboxClient.of(mode);
        ExecutorService threads = Executors.newFixedThreadPool(parallel);
        try {
            List<CompletableFuture<Verdict>> futures = new ArrayList<>();
            for (VerificationRequest r : requests) {
                futures.add(CompletableFuture.supplyAsync(() -> verifier.verify(r, client), threads));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void sharedAndStrictModesGiveIdenticalVerdicts() {
        Map<String, String> candidates = new LinkedHashMap<>();
        candidates.put("right", "def f():\n    return 1");
        candidates.put("wrong", "def f():\n    return 2");
        candidates.put("syntax error", "def f(:\n    return 1");
        candidates.put("raises at import", "raise ValueError('no')\ndef f():\n    return 1");
        candidates.put("no entry point", "def g():\n    return 1");
        candidates.put("raises in the test", "def f():\n    return 1 / 0");
        candidates.put("prints a lot", "def f():\n    print('x' * 200000)\n    return 1");
        candidates.put("sys.exit", "import sys\ndef f():\n    sys.exit(0)");
        candidates.put("os._exit", "import os\ndef f():\n    os._exit(0)");
        candidates.put("memory bomb at import", "hoard = [bytearray(10 ** 7) for _ in range(100)]\ndef f():\n    return 1");
        candidates.put("spins", "def f():\n    while True:\n        pass");
        candidates.put("numpy", "import numpy as np\ndef f():\n    return int(np.ones(3).sum()) - 2");
        candidates.put("floods stdout", "def f():\n    while True:\n        print('x' * 10000)");
        candidates.put("fork bomb", "import os\ndef f():\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass");
        candidates.put("right again", "def f():\n    return 1");
        List<VerificationRequest> requests = candidates.values().stream().map(this::python).toList();

        // one at a time: a fork bomb next to a memory bomb can slow it past its time budget (machine load, not mode)
        List<Verdict> strict = verifyAll(requests, Isolation.STRICT, 1);
        List<Verdict> shared = verifyAll(requests, Isolation.SHARED, 1);

        int i = 0;
        for (String name : candidates.keySet()) {
            Verdict a = strict.get(i);
            Verdict b = shared.get(i);
            assertEquals(summary(a), summary(b), () -> name + ": strict said " + a.detail() + "; shared said " + b.detail());
            i++;
        }
        assertEquals("passed", strict.get(0).status().wireName());
        assertEquals("memory_limit", shared.get(9).reason().wireName());
        assertEquals("output_limit", shared.get(12).reason().wireName());
        assertEquals("passed", shared.get(14).status().wireName());
    }

    @Test
    void candidatesOfAShardCannotReachEachOtherTheRunnerOrWhatAnEarlierOneLeft() {
        // each leaves a daemon behind (in its own session) and a file in its directory
        String leaver = """
                import os, subprocess
                subprocess.Popen(["sleep", "300"], start_new_session=True)
                open("secret.txt", "w").write("mine")
                def f():
                    return 1
                """;
        String probe = """
                import os
                def f():
                    me, mine = os.getuid(), os.getpid()
                    assert me not in (0, 65534), me
                    try:
                        os.listdir("/work")
                        return "could list /work"
                    except PermissionError:
                        pass
                    try:
                        os.kill(1, 0)
                        return "could signal the runner"
                    except PermissionError:
                        pass
                    try:
                        open("/proc/1/environ").read()
                        return "could read the runner's environment"
                    except PermissionError:
                        pass
                    others = []
                    for p in os.listdir("/proc"):
                        if p.isdigit() and int(p) not in (1, mine):
                            status = open(f"/proc/{p}/status").read()
                            uid = int(status.split("Uid:")[1].split()[0])
                            if uid != 0:  # root's are the runner's own (the judge, the zygote)
                                others.append(open(f"/proc/{p}/cmdline").read())
                    if others:
                        return "found " + repr(others)
                    if os.path.exists(f"/work/c{me - 1}"):
                        return "the directory of the candidate before is still there"
                    return 1
                """;
        List<VerificationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(python(leaver));
        }
        for (int i = 0; i < 4; i++) {
            requests.add(python(probe));
        }
        for (VerificationRequest r : requests) {
            Verdict v = verifier.verify(r, SHARED);
            assertEquals("passed", v.status().wireName(), () -> summary(v) + " " + v.detail());
        }
    }

    @Test
    void aShardKilledUnderneathGivesIndeterminateVerdictsAndTheNextShardWorks() throws Exception {
        CompletableFuture<Verdict> slow = CompletableFuture.supplyAsync(() -> verifier.verify(python(
                "import time\ntime.sleep(2.5)\ndef f():\n    return 1"), SHARED));
        Thread.sleep(1200);
        for (String id : Containers.ownedByThisService(docker)) {
            if (!pool.idleIds().contains(id)) {
                docker.killContainerCmd(id).exec();
            }
        }
        Verdict killed = slow.join();
        assertEquals("indeterminate", killed.status().wireName(), killed.detail());
        assertEquals("sandbox_unavailable", killed.reason().wireName());
        assertEquals("passed", verifier.verify(python("def f():\n    return 1"), SHARED).status().wireName());
    }

    @Test
    void runtimesWithoutAShardRunnerRunStrictInSharedMode() {
        var request = json.convertValue(body("javascript", "function f() {}\n",
                "const assert = require('assert');\nassert.deepEqual(f(), 1);\n", "f",
                "```javascript\nfunction f() { return 1; }\n```"), VerificationRequest.class);
        Verdict v = verifier.verify(request, SHARED);
        assertNotNull(v);
        assertEquals("passed", v.status().wireName(), v.detail());
    }
}
