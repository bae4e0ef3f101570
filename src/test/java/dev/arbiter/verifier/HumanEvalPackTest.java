package dev.arbiter.verifier;

import static dev.arbiter.support.Requests.body;
import static dev.arbiter.support.Requests.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real HumanEvalPack problems from ../shared (never copied into the project): the canonical solution passes and the
 * buggy one fails, for the first problems of each language.
 */
@QuarkusTest
class HumanEvalPackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATA = Path.of("..", "shared", "datasets", "humanevalpack");

    @ParameterizedTest(name = "{0}: first {2} problems")
    @CsvSource({"python, python, 6", "java, java, 3", "js, javascript, 3", "cpp, cpp, 3", "go, go, 3", "rust, rust, 3"})
    void canonicalSolutionsPassAndBuggyOnesFail(String folder, String language, int count) throws Exception {
        Path file = DATA.resolve(folder).resolve("humanevalpack.jsonl");
        assertTrue(Files.exists(file), "HumanEvalPack not found at " + file.toAbsolutePath());
        List<String> lines = Files.readAllLines(file).subList(0, count);
        for (String line : lines) {
            JsonNode p = JSON.readTree(line);
            String fence = "```" + language + "\n";
            for (String kind : List.of("canonical_solution", "buggy_solution")) {
                String code = language.equals("python") ? p.get(kind).asText() : p.get("prompt").asText() + p.get(kind).asText();
                String tests = p.path("test_setup").asText("") + p.get("test").asText();
                String status = verify(body(language, p.get("prompt").asText(), tests,
                        p.get("entry_point").asText(), fence + code + "\n```\n"))
                        .statusCode(200).extract().path("status");
                assertEquals(kind.startsWith("canonical") ? "passed" : "failed", status,
                        p.get("task_id").asText() + " " + kind);
            }
        }
    }
}
