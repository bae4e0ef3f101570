package dev.arbiter.verifier.boundary;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JavaScript hostile cases (src/test/resources/hostile/javascript) against the real engine through /v1/verify:
 * every wrong answer that games the tests fails with one of its expected reasons, every honest control passes.
 */
@QuarkusTest
class JavascriptBoundaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

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
        assertTrue(reasons.contains(reason), shown);
        if ("passed".equals(status)) {
            assertFalse(verdict.getList("tests.cases").isEmpty(), shown);
        }
    }
}
