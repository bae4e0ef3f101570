package dev.arbiter.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds /v1/verify request bodies and posts them. */
public final class Requests {
    private Requests() {
    }

    public static Map<String, Object> body(String language, String prompt, String tests, String entryPoint,
            String responseText) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", "test/" + language);
        task.put("dimension", "code_generation");
        task.put("language", language);
        task.put("prompt", prompt);
        task.put("tests", tests);
        task.put("entryPoint", entryPoint);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("text", responseText);
        response.put("model", "test-model");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("task", task);
        body.put("response", response);
        return body;
    }

    /** A Python task whose check() asserts f() == 1, answered with the given module in a fenced block. */
    public static Map<String, Object> pythonReturningOne(String candidateModule) {
        return body("python", "def f():\n    \"\"\"Return 1.\"\"\"\n", "def check(candidate):\n    assert candidate() == 1\n\ncheck(f)\n",
                "f", "```python\n" + candidateModule + "\n```");
    }

    public static ValidatableResponse verify(Object body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/v1/verify").then();
    }

    public static String resource(String path) {
        try (var in = Requests.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
