package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.sandbox.Isolation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Verifier;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HumanEvalPack Python responses (from ../shared, never copied into the project) scored as a batch in both
 * isolation modes: canonical solutions pass, buggy ones fail, and the two modes give identical verdicts.
 */
@QuarkusTest
class HumanEvalPackBatchTest {
    private static final Path DATA = Path.of("..", "shared", "datasets", "humanevalpack", "python", "humanevalpack.jsonl");
    private static final int PROBLEMS = 12;

    @Inject
    Verifier verifier;
    @Inject
    Validator validator;
    @Inject
    ObjectMapper json;

    @Test
    void sharedAndStrictScoreHumanEvalPackAlike(@TempDir Path dir) throws Exception {
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

        Map<String, String> shared = score(in, dir.resolve("shared.jsonl"), Isolation.SHARED);
        Map<String, String> strict = score(in, dir.resolve("strict.jsonl"), Isolation.STRICT);

        assertEquals(2 * PROBLEMS, shared.size());
        assertEquals(strict, shared);
        shared.forEach((id, verdict) -> assertEquals(id.endsWith("|canonical") ? "passed" : "failed",
                verdict.split(" ")[0], id + ": " + verdict));
    }

    /** Scores the file in one mode; id -> "status reason confidence passed/total". */
    private Map<String, String> score(Path in, Path out, Isolation mode) throws Exception {
        new BatchScorer(verifier, validator, json, mode == Isolation.SHARED ? 16 : 4, SandboxClient.of(mode))
                .score(in, out, out.resolveSibling(out.getFileName() + ".csv"), false);
        Map<String, String> verdicts = new TreeMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = json.readTree(line);
            JsonNode v = n.get("verdict");
            verdicts.put(n.get("id").asText(), v.get("status").asText() + " " + v.get("reason").asText() + " "
                    + v.get("confidence").asDouble() + " " + v.at("/tests/passed").asInt() + "/" + v.at("/tests/total").asInt());
        }
        return verdicts;
    }
}
