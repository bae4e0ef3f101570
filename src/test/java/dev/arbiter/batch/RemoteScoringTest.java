package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.support.HumanEvalPackBatch;
import dev.arbiter.verifier.Verifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `arbiter score --url`: a batch scored through the running service's gRPC VerifyBatch stream, with a key, gives the
 * verdicts the same batch gets in process; a key without the verify role gets every item refused, none scored.
 */
@QuarkusTest
@TestProfile(dev.arbiter.security.SecurityApiTest.WithKeys.class)
class RemoteScoringTest {
    private static final int PROBLEMS = 6;

    @Inject
    Verifier verifier;
    @Inject
    Validator validator;
    @Inject
    ObjectMapper json;

    private Path responses(Path dir) throws Exception {
        return HumanEvalPackBatch.responses(json, dir, PROBLEMS);
    }

    private Map<String, String> verdicts(Path out) throws Exception {
        return HumanEvalPackBatch.verdicts(json, out);
    }

    @Test
    void aBatchThroughTheServiceGetsTheVerdictsItGetsInProcess(@TempDir Path dir) throws Exception {
        Path in = responses(dir);
        URI url = URI.create("http://localhost:" + RestAssured.port);
        BatchScorer.Result remote;
        try (RemoteVerifier service = new RemoteVerifier(url, dev.arbiter.security.SecurityApiTest.VERIFY, json)) {
            remote = new BatchScorer(service, validator, json, 8).score(in, dir.resolve("remote.jsonl"), dir.resolve("r.csv"), false);
        }
        new BatchScorer(verifier, validator, json, 4, SandboxClient.DEFAULT)
                .score(in, dir.resolve("local.jsonl"), dir.resolve("l.csv"), false);
        assertEquals(2 * PROBLEMS, remote.scored());
        Map<String, String> got = verdicts(dir.resolve("remote.jsonl"));
        assertEquals(verdicts(dir.resolve("local.jsonl")), got);
        got.forEach((id, v) -> assertEquals(id.endsWith("|canonical") ? "passed" : "failed", v.split(" ")[0], id + ": " + v));
    }

    @Test
    void aKeyWithoutTheVerifyRoleScoresNothing(@TempDir Path dir) throws Exception {
        Path in = responses(dir);
        Path out = dir.resolve("denied.jsonl");
        try (RemoteVerifier service = new RemoteVerifier(URI.create("http://localhost:" + RestAssured.port),
                dev.arbiter.security.SecurityApiTest.ROUTE, json)) {
            BatchScorer.Result r = new BatchScorer(service, validator, json, 4).score(in, out, dir.resolve("d.csv"), false);
            assertEquals(0, Files.exists(out) ? Files.readAllLines(out).size() : 0);
            assertEquals(0, r.scored());
        }
    }
}
