package dev.arbiter.verifier.boundary;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.support.BoundaryOnly;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java and Go hostile cases (src/test/resources/hostile/{java,go}) against the real engine: each wrong answer
 * that games the tests (a class shadowing the runner or the JDK, an always-equal value, exit/halt, forged report
 * lines, answers read from the tests or the meta file, embedding, TestMain) fails with its reason, and each honest
 * control passes.
 */
@QuarkusTest
@TestProfile(BoundaryOnly.class)
class JvmGoBoundaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> javaAndGoHostileAnswersFailAndControlsPass() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String language : List.of("java", "go")) {
            try (Stream<Path> list = Files.list(Path.of("src/test/resources/hostile", language))) {
                list.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() >= 14, "expected at least 7 cases per language, found " + files.size());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getParent().getFileName() + "/" + f.getFileName(), () -> run(f)));
    }

    private static void run(Path file) throws IOException {
        JsonNode hostile = JSON.readTree(file.toFile());
        ObjectNode body = JSON.createObjectNode();
        body.set("task", hostile.get("task"));
        body.set("response", hostile.get("response"));
        // Two builds and two processes per case on a shared 2-core machine can take longer than the default 30 s.
        var slow = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.socket.timeout", 180_000).setParam("http.connection.timeout", 180_000));
        JsonNode verdict = JSON.readTree(given().config(slow).contentType(ContentType.JSON).body(body.toString())
                .when().post("/v1/verify").then().extract().asString());
        String status = hostile.path("expect").path("status").asText();
        List<String> reasons = new ArrayList<>();
        hostile.path("expect").path("reasons").forEach(r -> reasons.add(r.asText()));
        String why = file.getFileName() + " (" + hostile.path("why").asText() + "): got " + verdict.path("status").asText()
                + " " + verdict.path("reason").asText() + " - " + verdict.path("detail").asText();
        assertEquals(status, verdict.path("status").asText(), why);
        assertTrue(BoundaryOnly.reasonFits(reasons, verdict.path("reason").asText(), verdict.path("status").asText()), why);
    }
}
