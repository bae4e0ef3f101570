package dev.arbiter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" session of the orchestrator: route, verify, feed back, kill -9 the service, start it again, route
 * a similar task — the neighbours from before the crash are in the explanation, and every acknowledged feedback is
 * still there (a second feedback for the same decision and model is a duplicate).
 */
class MemorySurvivesKillIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String routeBody(String id, String prompt) {
        return "{\"task\": {\"id\": \"" + id + "\", \"dimension\": \"algorithm\", \"language\": \"python\", \"prompt\": \""
                + prompt + "\"}}";
    }

    @Test
    void acknowledgedFeedbackSurvivesKillMinus9AndShowsAsNeighbours(@TempDir Path dir) throws Exception {
        Set<String> acknowledged = new HashSet<>();
        String firstDecision;
        try (ServiceProcess service = new ServiceProcess(dir)) {
            service.start();
            String[] prompts = {"Reverse a singly linked list in place and return the new head.",
                    "Reverse a doubly linked list in place.", "Return the middle node of a linked list."};
            firstDecision = null;
            for (int i = 0; i < prompts.length; i++) {
                JsonNode decision = JSON.readTree(service.post("/v1/route", routeBody("list/" + i, prompts[i])).body());
                String id = decision.get("decisionId").asText();
                firstDecision = firstDecision == null ? id : firstDecision;
                String verify = "{\"decisionId\": \"" + id + "\", \"model\": \"glm-5\", \"task\": {\"id\": \"list/" + i
                        + "\", \"dimension\": \"algorithm\", \"language\": \"python\", \"prompt\": \"def f():\\n    pass\\n\","
                        + " \"tests\": \"def check(candidate):\\n    assert candidate() == 1\\n\\ncheck(f)\\n\", \"entryPoint\": \"f\"},"
                        + " \"response\": {\"text\": \"def f():\\n    return 1\\n\"}, \"cost\": 0.001}";
                var answer = service.post("/v1/verify-and-route", verify);
                assertEquals(200, answer.statusCode(), answer.body());
                assertEquals("passed", JSON.readTree(answer.body()).at("/verdict/status").asText(), answer.body());
                acknowledged.add(id);
            }
            service.kill();
        }
        try (ServiceProcess service = new ServiceProcess(dir)) {
            service.start();
            JsonNode decision = JSON.readTree(service.post("/v1/route",
                    routeBody("list/new", "Reverse a linked list in place and return its head.")).body());
            JsonNode neighbours = decision.at("/evidence/neighbours");
            Set<String> tasks = new HashSet<>();
            neighbours.forEach(n -> tasks.add(n.get("taskId").asText()));
            assertTrue(tasks.contains("list/0") && tasks.contains("list/1"), decision.toPrettyString());
            assertTrue(neighbours.get(0).get("similarity").asDouble() > 0.7, neighbours.toString());
            var again = JSON.readTree(service.post("/v1/feedback", "{\"decisionId\": \"" + firstDecision
                    + "\", \"model\": \"glm-5\", \"score\": 0.0}").body());
            assertTrue(again.get("duplicate").asBoolean(), again.toString());
            assertEquals(3, acknowledged.size());
        }
    }
}
