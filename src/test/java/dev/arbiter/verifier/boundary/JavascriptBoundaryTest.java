package dev.arbiter.verifier.boundary;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.support.BoundaryOnly;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.arbiter.sandbox.Sandbox;
import dev.arbiter.sandbox.runtime.RuntimeCatalog;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.program.JavascriptProgram;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JavaScript hostile cases (src/test/resources/hostile/javascript) against the real engine through /v1/verify:
 * every wrong answer that games the tests fails with one of its expected reasons, every honest control passes.
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class JavascriptBoundaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATASETS = Path.of(System.getProperty("arbiter.datasets", "../shared/datasets"));

    @Inject
    Sandbox sandbox;
    @Inject
    RuntimeCatalog catalog;
    @Inject
    JavascriptProgram javascript;

    static Stream<String> cases() throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(JavascriptBoundaryTest.class.getResource("/hostile/javascript").toURI());
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.filter(p -> p.toString().endsWith(".json")).forEach(p -> names.add(p.getFileName().toString()));
        }
        return names.stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileAnswersFailAndHonestControlsPass(String name) throws Exception {
        JsonNode doc = JSON.readTree(JavascriptBoundaryTest.class.getResourceAsStream("/hostile/javascript/" + name));
        ObjectNode body = JSON.createObjectNode();
        body.set("task", doc.get("task"));
        body.set("response", doc.get("response"));
        JsonPath verdict = given().contentType(ContentType.JSON).body(body.toString()).post("/v1/verify")
                .then().statusCode(200).extract().jsonPath();
        String status = verdict.getString("status");
        String reason = verdict.getString("reason");
        List<String> reasons = new ArrayList<>();
        doc.get("expect").get("reasons").forEach(r -> reasons.add(r.asText()));
        String shown = name + ": " + status + "/" + reason + " (" + verdict.getString("detail") + ")";
        assertEquals(doc.get("expect").get("status").asText(), status, shown);
        assertTrue(BoundaryOnly.reasonFits(reasons, reason, status), shown);
        if ("passed".equals(status)) {
            assertFalse(verdict.getList("tests.cases").isEmpty(), shown);
        }
    }

    @Test
    void wholeProgramsOnStdinStillRunOnTheirOwn() {
        Map<String, Object> task = Map.of("id", "stdio/javascript", "dimension", "code_generation", "language", "javascript",
                "prompt", "Add two numbers.", "stdioTests", List.of(Map.of("input", "2 3\n", "output", "5\n"),
                        Map.of("input", "10 -4\n", "output", "6\n")));
        String right = "```javascript\nconst [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);\n"
                + "console.log(a + b);\n```";
        given().contentType(ContentType.JSON).body(Map.of("task", task, "response", Map.of("text", right, "model", "m")))
                .post("/v1/verify").then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("passed"));
        String wrong = right.replace("a + b", "a * b");
        given().contentType(ContentType.JSON).body(Map.of("task", task, "response", Map.of("text", wrong, "model", "m")))
                .post("/v1/verify").then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("failed"));
    }

    /** Every HumanEvalPack JS task's tests split across the boundary: no in-process fallback, canonical code passes. */
    @Test
    void humanEvalPackTestsRunInTheJudgeWithoutFallback() throws Exception {
        Path file = DATASETS.resolve("humanevalpack/js/humanevalpack.jsonl");
        Assertions.assertTrue(Files.exists(file), "HumanEvalPack JS not found at " + file.toAbsolutePath()
                + " (set -Darbiter.datasets=...)");
        var runtime = catalog.find("javascript").orElseThrow();
        List<String> fallbacks = new ArrayList<>();
        List<String> notPassed = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode p = JSON.readTree(line);
            Task task = new Task(p.get("task_id").asText(), Dimension.CODE_GENERATION, "javascript",
                    p.get("prompt").asText(), p.get("test").asText(), p.get("entry_point").asText());
            var program = javascript.build(task, p.get("canonical_solution").asText(), runtime, "n0nce");
            String report = sandbox.run(runtime, program.job()).step("run").orElseThrow().stdout();
            if (!report.contains("{\"t\":\"start\",\"boundary\":\"process\"}")) {
                fallbacks.add(task.id() + ": " + report.lines().findFirst().orElse("no report"));
            }
            String end = report.lines().filter(l -> l.contains("\"t\":\"end\"")).findFirst().orElse("");
            JsonNode e = end.isEmpty() ? null : JSON.readTree(end.substring(end.indexOf(' ') + 1));
            if (e == null || e.path("total").asInt() == 0 || e.path("total").asInt() != e.path("passed").asInt()) {
                notPassed.add(task.id() + ": " + end);
            }
        }
        System.out.println("HumanEvalPack JS: " + fallbacks.size() + " in-process fallbacks, " + notPassed.size()
                + " canonical solutions not passed");
        assertTrue(fallbacks.isEmpty(), String.join("\n", fallbacks));
        assertTrue(notPassed.isEmpty(), String.join("\n", notPassed));
    }
}
