package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Verifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `arbiter score --url`: a batch scored through the running service's gRPC VerifyBatch stream, with a key, gives the
 * verdicts the same batch gets in process; a key without the verify role gets every item refused, none scored.
 */
@QuarkusTest
@TestProfile(dev.arbiter.security.SecurityApiTest.WithKeys.class)
class RemoteScoringTest {
    private static final Path DATA = Path.of("..", "shared", "datasets", "humanevalpack", "python", "humanevalpack.jsonl");
    private static final int PROBLEMS = 6;

    @Inject
    Verifier verifier;
    @Inject
    Validator validator;
    @Inject
    ObjectMapper json;

    private Path responses(Path dir) throws Exception {
        assertTrue(Files.exists(DATA), "HumanEvalPack not found at " + DATA.toAbsolutePath() + ": see README, Data");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(DATA).subList(0, PROBLEMS)) {
            JsonNode p = json.readTree(line);
            ObjectNode task = json.createObjectNode().put("id", p.get("task_id").asText()).put("dimension", "code_completion")
                    .put("language", "python").put("prompt", p.get("prompt").asText()).put("tests", p.get("test").asText())
                    .put("entryPoint", p.get("entry_point").asText());
            for (String model : List.of("canonical", "buggy")) {
                ObjectNode row = json.createObjectNode().put("id", p.get("task_id").asText() + "|" + model).put("model", model)
                        .put("response", p.get(model + "_solution").asText());
                row.set("task", task);
                lines.add(json.writeValueAsString(row));
            }
        }
        Path in = dir.resolve("in.jsonl");
        Files.write(in, lines);
        return in;
    }

    private Map<String, String> verdicts(Path out) throws Exception {
        Map<String, String> verdicts = new TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode v = json.readTree(line).get("verdict");
            verdicts.put(json.readTree(line).get("id").asText(), v.get("status").asText() + " " + v.get("reason").asText()
                    + " " + v.get("confidence").asDouble() + " " + v.at("/tests/passed").asInt() + "/" + v.at("/tests/total").asInt());
        }
        return verdicts;
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
