package dev.arbiter.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The API describes itself: OpenAPI document, Swagger UI, the model pool and the runtimes, and / sends a person to the docs. */
@QuarkusTest
class OpenApiTest {

    @Test
    void theOpenApiDocumentListsEveryEndpointWithItsProblems() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("Arbiter API"))
                .body("paths.keySet()", hasItems("/v1/verify", "/v1/route", "/v1/decisions/{id}", "/v1/feedback",
                        "/v1/verify-and-route", "/v1/models", "/v1/runtimes"))
                .body("paths.'/v1/verify'.post.responses.keySet()", hasItems("200", "400", "503"))
                .body("paths.'/v1/verify'.post.responses.'400'.content.keySet()", hasItems("application/problem+json"))
                .body("paths.'/v1/decisions/{id}'.get.responses.keySet()", hasItems("404"))
                .body("components.schemas.keySet()", hasItems("Verdict", "Problem", "VerificationRequest"));
    }

    @Test
    void theSwaggerUiIsServed() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void theRootSendsAnApiClientToTheDocs() {
        given().redirects().follow(false).when().get("/").then()
                .statusCode(303).header("Location", containsString("/q/swagger-ui/"));
    }

    @Test
    void theModelPoolIsListedWithPrices() {
        given().when().get("/v1/models").then().statusCode(200)
                .body("name", hasItems("claude-opus-4-6", "gpt-5.4", "qwen3.5-plus"))
                .body("inputPer1m", everyItem(notNullValue()))
                .body("find { it.name == 'claude-opus-4-6' }.outputPer1m", greaterThan(0f));
    }

    @Test
    void theRuntimesAreListedWithTheirLimits() {
        given().when().get("/v1/runtimes").then().statusCode(200)
                .body("language", hasItems("python", "javascript", "java", "cpp", "go", "rust"))
                .body("find { it.language == 'python' }.limits.'run-timeout-seconds'", equalTo(10))
                .body("find { it.language == 'python' }.sharedMode", equalTo(true))
                .body("find { it.language == 'python' }.pool.target", notNullValue());
    }
}
