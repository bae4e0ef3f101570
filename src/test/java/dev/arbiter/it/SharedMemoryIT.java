package dev.arbiter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.support.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replicas of the packaged service on one real PostgreSQL: what one learns the other uses within 2 s, feedback sent
 * to both at once is recorded once, a replica started later replays the shared history, and a replica that loses
 * the database answers 503 for routing, keeps verifying and recovers by itself when the database is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedMemoryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresServer database;
    private static String url;
    private static Path dir;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void startReplicas() throws Exception {
        database = PostgresServer.start();
        url = database.newDatabase();
        dir = Files.createTempDirectory("arbiter-replicas-");
        a = new ServiceProcess(Files.createDirectories(dir.resolve("a")), url);
        b = new ServiceProcess(Files.createDirectories(dir.resolve("b")), url);
        a.start();
        b.start();
    }

    @AfterAll
    static void stopReplicas() throws Exception {
        try (ServiceProcess first = a; ServiceProcess second = b; PostgresServer db = database) {
            // closed in reverse order: the replicas, then the database
        }
    }

    private static String route(String id, String prompt) {
        return "{\"task\": {\"id\": \"" + id + "\", \"dimension\": \"algorithm\", \"language\": \"python\", \"prompt\": \""
                + prompt + "\"}}";
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static Set<String> neighbourTasks(JsonNode decision) {
        Set<String> tasks = new HashSet<>();
        decision.at("/evidence/neighbours").forEach(n -> tasks.add(n.get("taskId").asText()));
        return tasks;
    }

    @Test
    @Order(1)
    void whatOneReplicaLearnsTheOtherUsesWithinTwoSeconds() throws Exception {
        String prompt = "Merge two sorted linked lists into one sorted list and return its head.";
        assertTrue(neighbourTasks(ok(b.post("/v1/route", route("merge/probe", prompt)))).isEmpty());
        String decision = ok(a.post("/v1/route", route("merge/0", prompt))).get("decisionId").asText();
        JsonNode recorded = ok(a.post("/v1/feedback", "{\"decisionId\": \"" + decision + "\", \"model\": \"glm-5\", \"score\": 1.0}"));
        assertTrue(!recorded.get("duplicate").asBoolean(), recorded.toString());
        long acknowledged = System.nanoTime();
        Set<String> seen = Set.of();
        while (!seen.contains("merge/0") && System.nanoTime() - acknowledged < 10_000_000_000L) {
            seen = neighbourTasks(ok(b.post("/v1/route", route("merge/probe", "Merge two sorted linked lists."))));
        }
        double seconds = (System.nanoTime() - acknowledged) / 1e9;
        assertTrue(seen.contains("merge/0"), "replica B never saw A's experience: " + seen);
        System.out.printf("replica B routed with A's experience %.2f s after A acknowledged it%n", seconds);
        assertTrue(seconds <= 2.0, "B used A's experience after " + seconds + " s");
        // and the other way round, for a decision B made and A fed back: decisions are shared too
        String atB = ok(b.post("/v1/route", route("merge/1", prompt))).get("decisionId").asText();
        assertTrue(!ok(a.post("/v1/feedback", "{\"decisionId\": \"" + atB + "\", \"model\": \"gpt-5.4\", \"score\": 0.0}"))
                .get("duplicate").asBoolean());
    }

    @Test
    @Order(2)
    void feedbackSentToBothReplicasAtOnceIsRecordedOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String decision = ok(a.post("/v1/route", route("dup/" + round, "Count the vowels in a string.")))
                        .get("decisionId").asText();
                List<Callable<JsonNode>> sends = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ServiceProcess replica = i % 2 == 0 ? a : b;
                    double score = i / 8.0;
                    sends.add(() -> ok(replica.post("/v1/feedback", "{\"decisionId\": \"" + decision
                            + "\", \"model\": \"glm-5\", \"score\": " + score + "}")));
                }
                List<JsonNode> answers = new ArrayList<>();
                for (Future<JsonNode> f : pool.invokeAll(sends)) {
                    answers.add(f.get());
                }
                assertEquals(1, answers.stream().filter(n -> !n.get("duplicate").asBoolean()).count(), answers.toString());
                assertEquals(1, answers.stream().map(n -> n.get("experience").asLong()).distinct().count(), answers.toString());
                assertEquals(1, answers.stream().map(n -> n.get("score").asDouble()).distinct().count(),
                        "every caller is told the one score recorded: " + answers);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(3)
    void aReplicaStartedLaterReplaysTheSharedHistory() throws Exception {
        try (ServiceProcess c = new ServiceProcess(Files.createDirectories(dir.resolve("c")), url)) {
            c.start();
            JsonNode decision = ok(c.post("/v1/route", route("merge/late", "Merge two sorted linked lists into one.")));
            assertTrue(neighbourTasks(decision).containsAll(Set.of("merge/0", "merge/1")), decision.toPrettyString());
        }
    }

    @Test
    @Order(4)
    void aReplicaThatLosesTheDatabaseAnswers503KeepsVerifyingAndRecoversByItself() throws Exception {
        database.stop();
        try {
            HttpResponse<String> routed = a.post("/v1/route", route("outage/0", "Sort a list of tuples by their second item."));
            assertEquals(503, routed.statusCode(), routed.body());
            assertTrue(routed.body().contains("store-unavailable"), routed.body());
            assertEquals(200, a.get("/q/health/ready").statusCode(), "readiness does not follow the database");
            HttpResponse<String> verified = a.post("/v1/verify", "{\"task\": {\"id\": \"outage/v\", \"dimension\": "
                    + "\"algorithm\", \"language\": \"python\", \"prompt\": \"def f():\\n    pass\\n\", \"tests\": "
                    + "\"def check(candidate):\\n    assert candidate() == 1\\n\\ncheck(f)\\n\", \"entryPoint\": \"f\"},"
                    + " \"response\": {\"text\": \"def f():\\n    return 1\\n\"}}");
            assertEquals("passed", ok(verified).at("/status").asText(), verified.body());
        } finally {
            database.resume();
        }
        String decision = ok(a.post("/v1/route", route("outage/1", "Sort a list of tuples by their second item.")))
                .get("decisionId").asText();
        assertTrue(!ok(a.post("/v1/feedback", "{\"decisionId\": \"" + decision + "\", \"model\": \"glm-5\", \"score\": 1.0}"))
                .get("duplicate").asBoolean());
        long deadline = System.nanoTime() + 10_000_000_000L;
        Set<String> seen = Set.of();
        while (!seen.contains("outage/1") && System.nanoTime() < deadline) {
            seen = neighbourTasks(ok(b.post("/v1/route", route("outage/probe", "Sort tuples by their second item."))));
        }
        assertTrue(seen.contains("outage/1"), "B resumed reading the shared memory: " + seen);
    }
}
