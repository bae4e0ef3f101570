package dev.arbiter.verifier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hostile suite: wrong answers written to game the tests (and honest controls), one JSON file each under
 * src/test/resources/hostile/&lt;language or check&gt;/, posted to /v1/verify against the real engine. Each case says why
 * it is wrong and which status and reasons are right for it; a forged pass fails the suite. Writes the table of
 * outcomes by language and attack class to target/hostile-suite.md.
 */
@QuarkusTest
class HostileSuiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CASES = Path.of("src/test/resources/hostile");
    /** The floor for the suite's size: losing cases silently would weaken it. */
    private static final int MIN_CASES = 60;
    private static final List<Row> ROWS = new ArrayList<>();

    private record Row(String language, String attackClass, String name, String expected, String got, boolean ok) {
    }

    @TestFactory
    Stream<DynamicTest> everyHostileAnswerFailsAndEveryControlPasses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(CASES)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= MIN_CASES, "the hostile suite has " + files.size() + " cases, fewer than " + MIN_CASES);
        return files.stream().map(file -> DynamicTest.dynamicTest(CASES.relativize(file).toString(), () -> run(file, true)));
    }

    /** The case files of these languages or checks (folder names). */
    static List<Path> cases(java.util.Set<String> folders) throws IOException {
        try (Stream<Path> walk = Files.walk(CASES)) {
            return walk.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> folders.contains(CASES.relativize(p).getName(0).toString())).sorted().toList();
        }
    }

    static String name(Path file) {
        return CASES.relativize(file).toString();
    }

    /** Posts the case to /v1/verify and asserts its verdict; {@code tabled}: also a row of this suite's table. */
    static void run(Path file, boolean tabled) {
        JsonNode hostile = read(file);
        JsonNode expect = hostile.path("expect");
        String status = expect.path("status").asText();
        List<String> reasons = new ArrayList<>();
        expect.path("reasons").forEach(r -> reasons.add(r.asText()));
        ObjectNode body = JSON.createObjectNode();
        body.set("task", hostile.get("task"));
        body.set("response", hostile.get("response"));
        String answer = given().contentType(ContentType.JSON).body(body.toString()).when().post("/v1/verify")
                .then().extract().asString();
        JsonNode verdict = read(answer);
        String gotStatus = verdict.path("status").asText();
        String gotReason = verdict.path("reason").asText();
        // A static tampering finding is a right reason for any wrong answer written to game the tests: the rules
        // refuse it before it runs (the boundary tests run these cases with the rules off, see BoundaryOnly).
        boolean control = "honest_control".equals(hostile.path("class").asText());
        boolean ok = status.equals(gotStatus) && (reasons.isEmpty() || reasons.contains(gotReason)
                || !control && "tampering".equals(gotReason));
        String language = CASES.relativize(file).getName(0).toString();
        if (tabled) {
            synchronized (ROWS) {
                ROWS.add(new Row(language, hostile.path("class").asText("?"), file.getFileName().toString(),
                        status + " " + reasons, gotStatus + " " + gotReason, ok));
            }
        }
        assertTrue(ok, file + " (" + hostile.path("why").asText() + "): expected " + status + " " + reasons + ", got "
                + gotStatus + " " + gotReason + " — " + verdict.path("detail").asText());
    }

    @AfterAll
    static void writeTable() throws IOException {
        Map<String, int[]> byCell = new TreeMap<>();
        for (Row row : ROWS) {
            int[] counts = byCell.computeIfAbsent(row.language() + " | " + row.attackClass(), k -> new int[2]);
            counts[0]++;
            counts[1] += row.ok() ? 1 : 0;
        }
        StringBuilder md = new StringBuilder("| language or check | class | cases | right verdict |\n|---|---|---|---|\n");
        byCell.forEach((cell, c) -> md.append("| ").append(cell).append(" | ").append(c[0]).append(" | ").append(c[1])
                .append(" |\n"));
        md.append("\n| case | expected | got |\n|---|---|---|\n");
        ROWS.stream().filter(r -> !r.ok()).forEach(r -> md.append("| ").append(r.language()).append('/').append(r.name())
                .append(" | ").append(r.expected()).append(" | ").append(r.got()).append(" |\n"));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/hostile-suite.md"), md.toString());
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read hostile case " + file, e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
