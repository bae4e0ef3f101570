package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Verifier;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch scoring against the real sandbox: verdict lines, malformed lines, resuming after a torn write. */
@QuarkusTest
class BatchScorerTest {
    @Inject
    Verifier verifier;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper json;

    private static String line(String id, String model, String body) {
        return "{\"id\": \"" + id + "\", \"model\": \"" + model + "\", \"cost\": 0.002, \"task\": {\"id\": \"t/" + id
                + "\", \"dimension\": \"code_generation\", \"language\": \"python\", \"prompt\": \"def f():\\n    pass\\n\","
                + " \"tests\": \"def check(candidate):\\n    assert candidate() == 1\\n\\ncheck(f)\\n\", \"entryPoint\": \"f\"},"
                + " \"response\": \"def f():\\n    return " + body + "\\n\"}";
    }

    @Test
    void scoresEachLineOnceResumesAfterATornWriteAndSkipsMalformedLines(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("responses.jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add(line("r" + i, i % 2 == 0 ? "good-model" : "bad-model", i % 2 == 0 ? "1" : "2"));
        }
        lines.add(3, "{\"id\": \"broken\", \"task\": ");
        lines.add("{\"id\": \"no-task\", \"model\": \"m\", \"response\": \"x\"}");
        Files.write(in, lines);
        Path out = dir.resolve("verdicts.jsonl");
        Path matrix = dir.resolve("matrix.csv");
        BatchScorer scorer = new BatchScorer(verifier, validator, json, 3, dev.arbiter.sandbox.SandboxClient.DEFAULT);

        // a first run that "died" after one verdict and in the middle of writing a second
        BatchScorer.Result first = scorer.score(in, out, matrix, false);
        assertEquals(6, first.scored());
        assertEquals(2, first.malformed());
        List<String> written = Files.readAllLines(out);
        Files.writeString(out, written.get(0) + "\n" + written.get(1).substring(0, 40));

        BatchScorer.Result resumed = scorer.score(in, out, matrix, false);
        assertEquals(1, resumed.resumed());
        assertEquals(5, resumed.scored());
        Map<String, Integer> seen = new HashMap<>();
        for (String l : Files.readAllLines(out)) {
            JsonNode n = json.readTree(l);
            seen.merge(n.get("id").asText(), 1, Integer::sum);
            int i = Integer.parseInt(n.get("id").asText().substring(1));
            assertEquals(i % 2 == 0 ? "passed" : "failed", n.at("/verdict/status").asText(), l);
        }
        assertEquals(6, seen.size());
        assertTrue(seen.values().stream().allMatch(c -> c == 1), seen.toString());
        List<String> m = Files.readAllLines(matrix);
        assertEquals("task_id,dimension,model,score,cost_usd", m.get(0));
        assertEquals(7, m.size());
        assertTrue(resumed.summary().contains("| good-model | code_generation | 3 | 100.0%"), resumed.summary());
        assertTrue(resumed.summary().contains("Malformed lines skipped: 2"), resumed.summary());
        // the matrix is what `arbiter replay` reads
        var data = dev.arbiter.replay.ReplayData.load(matrix, null);
        assertEquals(List.of("bad-model", "good-model"), data.models());
    }
}
