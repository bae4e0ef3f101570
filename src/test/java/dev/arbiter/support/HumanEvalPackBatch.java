package dev.arbiter.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Batch-scoring fixtures from HumanEvalPack Python (read from ../shared, never copied): responses in, verdicts out. */
public final class HumanEvalPackBatch {
    private static final Path DATA = Path.of("..", "shared", "datasets", "humanevalpack", "python", "humanevalpack.jsonl");

    private HumanEvalPackBatch() {
    }

    /** The first {@code problems} problems, each answered by its canonical and its buggy solution, as score input. */
    public static Path responses(ObjectMapper json, Path dir, int problems) throws IOException {
        assertTrue(Files.exists(DATA), "HumanEvalPack not found at " + DATA.toAbsolutePath() + ": see README, Data");
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(DATA).subList(0, problems)) {
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

    /** A verdicts file as id -> "status reason confidence passed/total". */
    public static Map<String, String> verdicts(ObjectMapper json, Path out) throws IOException {
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
