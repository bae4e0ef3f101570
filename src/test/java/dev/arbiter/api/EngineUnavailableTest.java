package dev.arbiter.api;

import static dev.arbiter.support.Requests.pythonReturningOne;
import static dev.arbiter.support.Requests.verify;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no engine to talk to, verdicts are indeterminate (HTTP 503), never passed or failed, and readiness is down. */
@QuarkusTest
@TestProfile(EngineUnavailableTest.NoEngine.class)
class EngineUnavailableTest {

    public static class NoEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("arbiter.sandbox.docker-host", "tcp://127.0.0.1:9");
        }
    }

    @Test
    void verificationIsIndeterminateWith503() {
        verify(pythonReturningOne("def f():\n    return 1"))
                .statusCode(503)
                .body("status", equalTo("indeterminate"))
                .body("reason", equalTo("sandbox_unavailable"))
                .body("confidence", equalTo(0.5f));
    }

    @Test
    void syntaxErrorsAreStillJudgedWithoutAnEngine() {
        verify(dev.arbiter.support.Requests.body("java", "class Solution {\n", null, null, "```java\nclass Solution { int x( }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("syntax_error"));
    }

    @Test
    void readinessIsDownAndSaysWhy() {
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'sandbox' }.data.engine", containsString("unreachable"));
    }
}
