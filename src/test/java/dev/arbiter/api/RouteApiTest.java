package dev.arbiter.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST contracts of route, feedback and verify-and-route, good and bad input. */
@QuarkusTest
class RouteApiTest {
    private static final List<String> POOL = List.of("claude-opus-4-6", "claude-sonnet-4-6", "gpt-5.4", "glm-5",
            "kimi-k2.5", "MiniMax-M2.7", "Qwen3-Max", "qwen3.5-plus");

    private static ValidatableResponse post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post(path).then();
    }

    private static Map<String, Object> task(String id, String dimension) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("id", id);
        t.put("dimension", dimension);
        t.put("language", "python");
        t.put("prompt", "Write a function that reverses a linked list in place.");
        return t;
    }

    @Test
    void withNoProviderConnectionsSolvingSaysWhatIsMissing() {
        Map<String, Object> task = new LinkedHashMap<>(task("demo/solve", "code_generation"));
        post("/v1/solve", Map.of("task", task)).statusCode(503)
                .body("type", containsString("no-callable-model")).body("detail", containsString("connection"));
        post("/v1/chat/completions", Map.of("model", "arbiter/auto", "messages",
                List.of(Map.of("role", "user", "content", "Write a function.")))).statusCode(503)
                .body("detail", containsString("docs/providers.md"));
        post("/v1/solve", Map.of("task", task, "allowedModels", List.of("glm-5"))).statusCode(400)
                .body("violations.field", hasItem("allowedModels"));
    }

    @Test
    void routeRanksEveryModelAndExplainsItself() {
        post("/v1/route", Map.of("task", task("demo/reverse-list", "algorithm"))).statusCode(200)
                .body("decisionId", notNullValue())
                .body("model", oneOf(POOL.toArray()))
                .body("ranking", hasSize(8))
                .body("ranking.model", hasItems(POOL.toArray()))
                .body("ranking[0].expectedReward", notNullValue())
                .body("evidence.voters.voter", hasItems("memory", "linucb", "lints", "metadata"))
                .body("evidence.voters[0].weight", notNullValue())
                .body("lambda", equalTo(0.1f));
    }

    @Test
    void allowedModelsAndCostCeilingRestrictTheChoice() {
        post("/v1/route", Map.of("task", task("demo/a", "code_generation"), "allowedModels", List.of("glm-5", "kimi-k2.5")))
                .statusCode(200).body("model", oneOf("glm-5", "kimi-k2.5")).body("ranking", hasSize(2));
        post("/v1/route", Map.of("task", task("demo/b", "code_generation"), "maxCost", 0.003))
                .statusCode(200).body("ranking.model", everyItem(oneOf("glm-5", "kimi-k2.5", "MiniMax-M2.7", "Qwen3-Max", "qwen3.5-plus")));
        post("/v1/route", Map.of("task", task("demo/c", "code_generation"), "maxCost", 0.0))
                .statusCode(400).body("violations.field", hasItem("maxCost"));
    }

    @Test
    void unknownModelsAndBadTasksAreRefused() {
        post("/v1/route", Map.of("task", task("demo/d", "code_generation"), "allowedModels", List.of("gpt-2")))
                .statusCode(400).body("type", containsString("unknown-model")).body("detail", containsString("gpt-2"))
                .body("supported", hasItem("glm-5"));
        post("/v1/route", Map.of("task", Map.of("id", "x", "dimension", "poetry"))).statusCode(400)
                .body("violations.field", hasItem("task.dimension"));
        post("/v1/route", Map.of("task", Map.of("dimension", "algorithm"))).statusCode(400)
                .body("violations.field", hasItem("task.id"));
        post("/v1/route", "{\"task\": ").statusCode(400);
    }

    @Test
    void feedbackIsRecordedOnceAndBadFeedbackIsRefused() {
        String id = post("/v1/route", Map.of("task", task("demo/e", "bug_fixing"))).statusCode(200)
                .extract().path("decisionId");
        post("/v1/feedback", Map.of("decisionId", id, "model", "glm-5", "score", 1.0, "cost", 0.002)).statusCode(200)
                .body("duplicate", equalTo(false)).body("reward", equalTo(0.9998f));
        post("/v1/feedback", Map.of("decisionId", id, "model", "glm-5", "score", 0.0, "cost", 0.5)).statusCode(200)
                .body("duplicate", equalTo(true)).body("score", equalTo(1.0f));
        post("/v1/feedback", Map.of("decisionId", id, "model", "kimi-k2.5", "verdict", Map.of("status", "failed", "confidence", 0.2)))
                .statusCode(200).body("score", equalTo(0.2f));
        post("/v1/feedback", Map.of("decisionId", "no-such-decision", "model", "glm-5", "score", 1.0)).statusCode(404)
                .body("type", containsString("decision-not-found"));
        post("/v1/feedback", Map.of("decisionId", id, "model", "gpt-2", "score", 1.0)).statusCode(400)
                .body("violations.field", hasItem("model"));
        post("/v1/feedback", Map.of("decisionId", id, "model", "gpt-5.4", "score", 1.5)).statusCode(400)
                .body("violations.field", hasItem("score"));
        post("/v1/feedback", Map.of("decisionId", id, "model", "gpt-5.4")).statusCode(400)
                .body("violations.field", hasItem("score"));
        post("/v1/feedback", Map.of("decisionId", id, "model", "gpt-5.4", "verdict", Map.of("status", "indeterminate", "confidence", 0.5)))
                .statusCode(400).body("violations.field", hasItem("verdict.status"));
        given().when().get("/v1/decisions/" + id).then().statusCode(200).body("decisionId", equalTo(id));
    }

    @Test
    void codeThatDoesNotParseGoesBackToTheSameModelWithTheErrorOnce() {
        Map<String, Object> routeTask = task("demo/g", "code_generation");
        String id = post("/v1/route", Map.of("task", routeTask, "allowedModels", List.of("qwen3.5-plus", "gpt-5.4")))
                .statusCode(200).extract().path("decisionId");
        Map<String, Object> verifyTask = new LinkedHashMap<>(routeTask);
        verifyTask.put("prompt", "def f():\n    \"\"\"Return 1.\"\"\"\n");
        verifyTask.put("tests", "def check(candidate):\n    assert candidate() == 1\n\ncheck(f)\n");
        verifyTask.put("entryPoint", "f");
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("decisionId", id);
        attempt.put("model", "qwen3.5-plus");
        attempt.put("task", verifyTask);
        attempt.put("response", Map.of("text", "```python\ndef f(:\n    return 1\n```"));
        post("/v1/verify-and-route", attempt).statusCode(200)
                .body("verdict.reason", equalTo("syntax_error"))
                .body("next.model", equalTo("qwen3.5-plus"))
                .body("next.reason", containsString("retry"))
                .body("next.feedbackForModel", containsString("parse"));
        post("/v1/verify-and-route", attempt).statusCode(200)
                .body("recorded.duplicate", equalTo(true))
                .body("next.model", equalTo("gpt-5.4"));
    }

    @Test
    void failedAttemptIsRecordedAndEscalatedByItsCause() {
        Map<String, Object> routeTask = task("demo/f", "code_generation");
        String id = post("/v1/route", Map.of("task", routeTask, "allowedModels", List.of("qwen3.5-plus", "claude-opus-4-6", "gpt-5.4")))
                .statusCode(200).extract().path("decisionId");
        Map<String, Object> verifyTask = new LinkedHashMap<>(routeTask);
        verifyTask.put("prompt", "def f():\n    \"\"\"Return 1.\"\"\"\n");
        verifyTask.put("tests", "def check(candidate):\n    assert candidate() == 1\n\ncheck(f)\n");
        verifyTask.put("entryPoint", "f");
        Map<String, Object> attempt = new LinkedHashMap<>();
        attempt.put("decisionId", id);
        attempt.put("model", "qwen3.5-plus");
        attempt.put("task", verifyTask);
        attempt.put("response", Map.of("text", "```python\ndef f():\n    return 2\n```"));
        post("/v1/verify-and-route", attempt).statusCode(200)
                .body("verdict.status", equalTo("failed"))
                .body("recorded.model", equalTo("qwen3.5-plus"))
                .body("done", equalTo(false))
                .body("next.model", oneOf("claude-opus-4-6", "gpt-5.4"))
                .body("next.reason", containsString("tests_failed"));
        attempt.put("triedModels", List.of("qwen3.5-plus"));
        attempt.put("response", Map.of("text", "```python\ndef f():\n    return 1\n```"));
        attempt.put("model", "claude-opus-4-6");
        post("/v1/verify-and-route", attempt).statusCode(200).body("verdict.status", equalTo("passed"))
                .body("done", equalTo(true)).body("next", org.hamcrest.Matchers.nullValue());
    }
}
