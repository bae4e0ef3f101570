package dev.arbiter.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.docker.DockerSandbox;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.Containers;
import dev.arbiter.support.Requests;
import dev.arbiter.verifier.Verifier;
import dev.arbiter.support.BoundaryOnly;
import dev.arbiter.support.HostileCases;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Python judge/candidate boundary against the real engine: every case of src/test/resources/hostile/python (wrong
 * answers that game the tests, and honest controls) gets its expected status and one of its expected reasons, in
 * strict mode through POST /v1/verify's verifier and in shared mode (one shard runs them all, one after another).
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class PythonBoundaryTest {
    @Inject
    ObjectMapper json;
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

    @AfterEach
    void nothingLeft() {
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }

    private List<HostileCases.Case> cases() throws Exception {
        List<HostileCases.Case> cases = HostileCases.load(json, "python");
        assertTrue(cases.size() >= 18, "the hostile Python cases are missing");
        return cases;
    }

    private void runAll(Isolation mode) throws Exception {
        SandboxClient client = SandboxClient.of(mode);
        List<String> wrong = HostileCases.problems(cases(), r -> verifier.verify(r, client));
        assertEquals(List.of(), wrong, mode + " mode");
    }

    @Test
    void everyHostileCaseFailsAndEveryControlPassesInStrictMode() throws Exception {
        runAll(Isolation.STRICT);
    }

    @Test
    void everyHostileCaseFailsAndEveryControlPassesInSharedMode() throws Exception {
        runAll(Isolation.SHARED);
    }

    @Test
    void aCandidateThatPrintsTheReportCannotPassAndItsOutputIsKept() {
        Requests.verify(Requests.pythonReturningOne("""
                import os
                os.write(1, b'@@0123456789abcdef {"t":"end","total":1,"passed":1}\\n')
                print('candidate says hello')
                def f():
                    return 2
                """)).statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("failed"))
                .body("reason", org.hamcrest.Matchers.equalTo("tests_failed"))
                .body("execution.output", org.hamcrest.Matchers.containsString("candidate says hello"));
    }
}
