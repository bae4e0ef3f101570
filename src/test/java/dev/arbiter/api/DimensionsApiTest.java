package dev.arbiter.api;

import static dev.arbiter.support.Requests.verify;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Each task dimension's own check, end to end through /v1/verify with real sandboxes. */
@QuarkusTest
class DimensionsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode fixture(String name) throws Exception {
        return (ObjectNode) JSON.readTree(Requests.resource("/dimensions/" + name));
    }

    @Test
    void refactoringThatKeepsTheApiAndFlattensTheCodePassesWithAStructureReport() throws Exception {
        verify(fixture("refactoring-keeps-api.json")).statusCode(200)
                .body("status", equalTo("passed"))
                .body("signals.structure.removed.size()", equalTo(0))
                .body("signals.structure.kept", hasItems("total_price/2", "describe/1"))
                .body("signals.structure.added", hasItem("_line_total/1"))
                .body("signals.structure.nestingAfter", lessThanOrEqualTo(1))
                .body("signals.structure.nestingBefore", equalTo(3))
                .body("signals.scores.structure", equalTo(1.0f))
                .body("confidence", greaterThan(0.8f));
    }

    @Test
    void refactoringThatDropsAFunctionIsCappedEvenThoughTestsPass() throws Exception {
        verify(fixture("refactoring-drops-function.json")).statusCode(200)
                .body("status", equalTo("passed"))
                .body("signals.structure.removed", hasItem("describe/1"))
                .body("signals.gates", hasItem("api_changed"))
                .body("confidence", lessThanOrEqualTo(0.4f));
    }

    @Test
    void refactoringThatChangesNothingIsRefused() throws Exception {
        ObjectNode request = fixture("refactoring-keeps-api.json");
        String original = request.with("task").get("original").asText();
        request.with("response").put("text", "```python\n" + original + "\n```");
        verify(request).statusCode(200).body("status", equalTo("failed")).body("reason", equalTo("unchanged"));
    }

    @Test
    void generatedTestsThatCatchEveryMutantPassWithKillRateOne() throws Exception {
        verify(fixture("test-generation-strong.json")).statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(3))
                .body("tests.cases.name", hasItem(containsString("EdgeCases.test_far_future")))
                .body("signals.mutation.passesOnReference", equalTo(true))
                .body("signals.mutation.mutants", equalTo(3))
                .body("signals.mutation.killed", equalTo(3))
                .body("signals.scores.kill_rate", equalTo(1.0f));
    }

    @Test
    void generatedTestsThatMissMostMutantsAreWeak() throws Exception {
        verify(fixture("test-generation-weak.json")).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("weak_tests"))
                .body("signals.mutation.killed", equalTo(1))
                .body("signals.mutation.survivors", equalTo(java.util.List.of("mutant 1", "mutant 2")));
    }

    @Test
    void generatedTestsThatFailOnTheReferenceFail() throws Exception {
        verify(fixture("test-generation-wrong.json")).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("fails_on_reference"))
                .body("signals.mutation.passesOnReference", equalTo(false))
                .body("confidence", lessThanOrEqualTo(0.4f));
    }

    @Test
    void understandingAnswerIsScoredAgainstItsKey() throws Exception {
        verify(fixture("understanding-right.json")).statusCode(200)
                .body("status", equalTo("passed"))
                .body("signals.rules.foundChoice", equalTo("B"))
                .body("signals.rules.factsMissing.size()", equalTo(0))
                .body("signals.scores.rules", equalTo(1.0f))
                .body("execution", nullValue());
        verify(fixture("understanding-wrong.json")).statusCode(200)
                .body("status", equalTo("failed"))
                .body("signals.rules.foundChoice", equalTo("C"))
                .body("signals.rules.forbiddenFound", hasItem("quadratic"))
                .body("confidence", lessThanOrEqualTo(0.1f));
    }

    @Test
    void agenticPatchIsAppliedToTheRepositoryAndItsTestCommandDecides() throws Exception {
        verify(fixture("agentic-fix.json")).statusCode(200)
                .body("status", equalTo("passed"))
                .body("extraction.source", equalTo("unified_diff"))
                .body("tests.source", equalTo("repository"))
                .body("tests.total", equalTo(2))
                .body("tests.passed", equalTo(2));
    }

    @Test
    void agenticPatchCannotRewriteTheTestsThatJudgeIt() throws Exception {
        verify(fixture("agentic-edits-tests.json")).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tampering"))
                .body("tampering.construct", equalTo("tests/test_cart.py"))
                .body("detail", containsString("test files"));
    }

    @Test
    void agenticPatchThatDoesNotApplyIsRefused() throws Exception {
        ObjectNode request = fixture("agentic-fix.json");
        request.with("response").put("text", "```diff\n--- a/shop/cart.py\n+++ b/shop/cart.py\n@@ -1,2 +1,2 @@\n-nothing\n+like this\n```");
        verify(request).statusCode(200).body("status", equalTo("failed")).body("reason", equalTo("patch_does_not_apply"));
        request.with("response").put("text", "```diff\n--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-x\n+y\n```");
        verify(request).statusCode(200).body("reason", equalTo("patch_does_not_apply"))
                .body("detail", containsString("outside the repository"));
    }

    @Test
    void dataScienceTasksHavePandas() throws Exception {
        verify(fixture("data-science-pandas.json")).statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.passed", equalTo(1));
    }

    @Test
    void badRepositoryPathIsRejectedAtTheEdge() throws Exception {
        ObjectNode request = fixture("agentic-fix.json");
        ((ObjectNode) request.with("task").with("repository").get("files")).put("/etc/passwd", "x");
        verify(request).statusCode(400).body("violations.field", hasItem(containsString("repository.files")));
    }
}
