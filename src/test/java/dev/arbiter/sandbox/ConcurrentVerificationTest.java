package dev.arbiter.sandbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import dev.arbiter.sandbox.docker.ContainerFactory;
import dev.arbiter.sandbox.pool.WarmPool;
import dev.arbiter.support.Containers;
import dev.arbiter.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Twenty verifications at once: each sees only its own files and gets its own verdict. */
@QuarkusTest
class ConcurrentVerificationTest {
    @Inject
    DockerClient docker;
    @Inject
    WarmPool pool;
    @Inject
    ContainerFactory factory;

    @Test
    void twentyConcurrentVerificationsDoNotCrossTalk() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<JsonPath>> verdicts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                // Odd candidates are wrong; every candidate also checks that no other candidate's file is visible.
                String module = "import os\nMINE = " + n + "\ndef f():\n"
                        + "    others = [p for p in os.listdir('.') if p.startswith('mark-') and p != 'mark-" + n + "']\n"
                        + "    open('mark-" + n + "', 'w').close()\n"
                        + "    return MINE * 2 + (" + (n % 2) + ") if not others else -1\n";
                var body = Requests.body("python", "def f():\n", "def check(candidate):\n    assert candidate() == " + (2 * n)
                        + "\n\ncheck(f)\n", "f", "```python\n" + module + "```");
                ((java.util.Map<String, Object>) body.get("task")).put("id", "concurrent-" + n);
                verdicts.add(clients.submit(() -> given().contentType(ContentType.JSON).body(body).post("/v1/verify")
                        .then().statusCode(200).extract().jsonPath()));
            }
            for (int i = 0; i < 20; i++) {
                JsonPath verdict = verdicts.get(i).get();
                assertEquals("concurrent-" + i, verdict.getString("taskId"));
                assertEquals(i % 2 == 0 ? "passed" : "failed", verdict.getString("status"), "verdict of candidate " + i);
            }
        } finally {
            clients.shutdownNow();
        }
        Containers.awaitOnlyWarmPoolLeft(docker, pool, factory);
    }
}
