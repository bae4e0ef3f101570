package dev.arbiter.api;

import static dev.arbiter.support.Requests.body;
import static dev.arbiter.support.Requests.verify;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The REST contract of /v1/verify with real sandboxes: verdicts for good and bad candidates, and bad requests. */
@QuarkusTest
class VerifyApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode fixture(String name) throws Exception {
        return JSON.readTree(Requests.resource("/tasks/" + name));
    }

    private static Map<String, Object> request(String language, JsonNode task, String answer) {
        return body(language, task.get("prompt").asText(), task.get("tests").asText(), task.get("entryPoint").asText(),
                task.get(answer).asText());
    }

    @Test
    void correctPythonCandidatePassesEveryAssertOfCheck() throws Exception {
        verify(request("python", fixture("python-sum-evens.json"), "correct"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("reason", equalTo("all_tests_passed"))
                .body("tests.total", equalTo(5))
                .body("tests.passed", equalTo(5))
                .body("tests.complete", equalTo(true))
                .body("tests.cases.outcome", everyItem(equalTo("passed")))
                .body("confidence", equalTo(0.925f))
                .body("syntax.ok", equalTo(true))
                .body("extraction.source", equalTo("fenced_block"))
                .body("extraction.code", containsString("def sum_evens"))
                .body("ast.parser", equalTo("tree-sitter-python"))
                .body("ast.parses", equalTo(true))
                .body("ast.entryPointDefined", equalTo(true))
                .body("timings.totalMs", notNullValue());
    }

    @Test
    void buggyPythonCandidateFailsWithPerTestOutcomes() throws Exception {
        verify(request("python", fixture("python-sum-evens.json"), "buggy"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tests_failed"))
                .body("tests.total", equalTo(5))
                .body("tests.passed", equalTo(4))
                .body("tests.cases[3].outcome", equalTo("failed"))
                .body("tests.cases[3].message", containsString("candidate([-2, -4, 7]) == -6"));
    }

    @Test
    void completionBodyIsJoinedToThePrompt() throws Exception {
        JsonNode task = fixture("python-sum-evens.json");
        verify(body("python", task.get("prompt").asText(), task.get("tests").asText(), "sum_evens",
                task.get("completion").asText()))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("extraction.source", equalTo("whole_text"));
    }

    @Test
    void correctJavaCandidatePassesAndBuggyOneFails() throws Exception {
        JsonNode task = fixture("java-sum-evens.json");
        verify(request("java", task, "correct"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("syntax.checker", equalTo("javac"))
                .body("tests.cases[0].name", equalTo("Main.main"))
                .body("timings.compileMs", notNullValue());
        verify(request("java", task, "buggy"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tests_failed"))
                .body("tests.cases[0].message", containsString("AssertionError"));
        verify(request("java", task, "completion"))
                .statusCode(200)
                .body("status", equalTo("passed"));
    }

    @Test
    void junitTestClassRunsEachTestAndASkippedTestCountsAsFailed() {
        String tests = """
                public class Main {
                    @Test public void addsSmallNumbers() { assertEquals(5, Calc.add(2, 3)); }
                    @Test public void addsNegatives() { assertEquals(-1, Calc.add(2, -3)); }
                    @Test(expected = ArithmeticException.class) public void dividesByZero() { Calc.div(1, 0); }
                    @Test(timeout = 100) public void hangs() { while (Calc.add(1, 1) == 2) { } }
                }
                """;
        String prompt = "import org.junit.Test;\nimport static org.junit.Assert.assertEquals;\n";
        verify(body("java", prompt, tests, null,
                "```java\nclass Calc { static int add(int a, int b) { return a + b; } static int div(int a, int b) { return a / b; } }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.total", equalTo(4))
                .body("tests.passed", equalTo(3))
                .body("tests.cases.name", hasItems("Main.addsSmallNumbers", "Main.dividesByZero"))
                .body("tests.cases.find { it.name == 'Main.hangs' }.outcome", equalTo("timeout"));
        String skipping = tests.replace("@Test(timeout = 100) public void hangs() { while (Calc.add(1, 1) == 2) { } }",
                "@org.junit.Ignore @Test public void later() { }");
        verify(body("java", prompt, skipping, null,
                "```java\nclass Calc { static int add(int a, int b) { return a + b; } static int div(int a, int b) { return a / b; } }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.cases.find { it.name == 'Main.later' }.outcome", equalTo("skipped"));
    }

    @Test
    void javaSyntaxErrorIsCaughtBeforeTheSandbox() throws Exception {
        JsonNode task = fixture("java-sum-evens.json");
        verify(body("java", task.get("prompt").asText(), task.get("tests").asText(), "sumEvens",
                "```java\nclass Solution { public int sumEvens(List<Integer> n) { return 0 } }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("syntax_error"))
                .body("confidence", equalTo(0.0f))
                .body("syntax.ok", equalTo(false))
                .body("syntax.checker", equalTo("javaparser"));
    }

    @Test
    void javaTypeErrorIsACompileError() throws Exception {
        JsonNode task = fixture("java-sum-evens.json");
        verify(body("java", task.get("prompt").asText(), task.get("tests").asText(), "sumEvens",
                "```java\nclass Solution { public int sumEvens(List<Integer> n) { return \"zero\"; } }\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("compile_error"))
                .body("syntax.ok", equalTo(false))
                .body("syntax.message", containsString("incompatible types"));
    }

    @Test
    void forbiddenCallsAndPlaceholdersAreReportedInTheAstSignal() {
        verify(Requests.pythonReturningOne("import os\ndef f():\n    os.system('true')\n    return 1"))
                .statusCode(200)
                .body("ast.forbidden[0].what", equalTo("os.system"))
                .body("ast.forbidden[0].line", equalTo(3));
        verify(Requests.pythonReturningOne("def f():\n    pass"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("ast.placeholders[0].what", equalTo("pass"));
    }

    @Test
    void deeplyNestedCodeIsRefusedAsUnparseableWithoutRunning() {
        String nested = "def f():\n    return " + "(".repeat(5_000) + "1" + ")".repeat(5_000);
        verify(Requests.pythonReturningOne(nested))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("unparseable"))
                .body("ast.unparseable", containsString("nested deeper"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void withoutTestsThePromptsDoctestsAreRun() {
        String prompt = "def add(a, b):\n    \"\"\" Add.\n    >>> add(1, 2)\n    3\n    >>> add('a', 'b')\n    'ab'\n    \"\"\"\n";
        verify(body("python", prompt, null, "add", "```python\ndef add(a, b):\n    return a + b\n```"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(2))
                .body("tests.source", equalTo("doctest"));
        verify(body("python", prompt, null, "add", "```python\ndef add(a, b):\n    return a - b if isinstance(a, int) else a + b\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.passed", equalTo(1))
                .body("tests.source", equalTo("doctest"));
    }

    @Test
    void bugFixAsAUnifiedDiffIsAppliedToTheOriginal() {
        String original = "def gcd(a, b):\n    if b == 0:\n        return a\n    else:\n        return gcd(a % b, b)\n";
        String tests = "def check(candidate):\n    assert candidate(35, 21) == 7\n    assert candidate(17, 0) == 17\n\ncheck(gcd)\n";
        String diff = "Fix the argument order:\n```diff\n--- a/gcd.py\n+++ b/gcd.py\n@@ -2,4 +2,4 @@\n     if b == 0:\n"
                + "         return a\n     else:\n-        return gcd(a % b, b)\n+        return gcd(b, a % b)\n```\n";
        Map<String, Object> fixed = body("python", "Fix the bug in gcd.", tests, "gcd", diff);
        ((Map<String, Object>) fixed.get("task")).put("dimension", "bug_fixing");
        ((Map<String, Object>) fixed.get("task")).put("original", original);
        verify(fixed).statusCode(200)
                .body("status", equalTo("passed"))
                .body("extraction.source", equalTo("unified_diff"));

        Map<String, Object> unchanged = body("python", "Fix the bug in gcd.", tests, "gcd", "```python\n" + original + "```");
        ((Map<String, Object>) unchanged.get("task")).put("dimension", "bug_fixing");
        ((Map<String, Object>) unchanged.get("task")).put("original", original);
        verify(unchanged).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("unchanged"))
                .body("confidence", equalTo(0.0f));

        Map<String, Object> stale = body("python", "Fix the bug in gcd.", tests, "gcd", diff.replace("return a\n", "return b\n"));
        ((Map<String, Object>) stale.get("task")).put("dimension", "bug_fixing");
        ((Map<String, Object>) stale.get("task")).put("original", original);
        verify(stale).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("patch_does_not_apply"));
    }

    @Test
    void pythonSyntaxErrorIsReportedWithItsLine() {
        verify(Requests.pythonReturningOne("def f(:\n    return 1"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("syntax_error"))
                .body("syntax.ok", equalTo(false))
                .body("syntax.line", equalTo(1));
    }

    @Test
    void javascriptAndCppCandidatesAreVerifiedToo() {
        String jsTests = "const testF = () => {\n  console.assert(f(2) === 4);\n  console.assert(f(3) === 9);\n};\ntestF();\n";
        verify(body("javascript", "const f = (x) => {\n", jsTests, "f", "```js\nconst f = (x) => x * x;\n```"))
                .statusCode(200).body("status", equalTo("passed")).body("tests.total", equalTo(2));
        verify(body("javascript", "const f = (x) => {\n", jsTests, "f", "```js\nconst f = (x) => x + x;\n```"))
                .statusCode(200).body("status", equalTo("failed")).body("tests.passed", equalTo(1));
        String cppTests = "#undef NDEBUG\n#include <assert.h>\nint main(){\n    assert(sq(3) == 9);\n}\n";
        verify(body("cpp", "#include <cstdio>\nint sq(int x){\n", cppTests, "sq",
                "```cpp\nint sq(int x){ return x * x; }\nint main(){ return sq(2); }\n```"))
                .statusCode(200).body("status", equalTo("passed"));
        verify(body("cpp", "#include <cstdio>\nint sq(int x){\n", cppTests, "sq", "```cpp\nint sq(int x){ return x + x; }\n```"))
                .statusCode(200).body("status", equalTo("failed")).body("reason", equalTo("tests_failed"));
    }

    @Test
    void goCandidatesAreCompiledAndTestedWithTestify() {
        String tests = "package main\n\nimport (\n    \"testing\"\n    \"github.com/stretchr/testify/assert\"\n)\n\n"
                + "func TestSq(t *testing.T) {\n    assert.Equal(t, 9, Sq(3))\n}\n\nfunc TestSqZero(t *testing.T) {\n    assert.Equal(t, 0, Sq(0))\n}\n";
        verify(body("go", "func Sq(x int) int {\n", tests, "Sq", "```go\nfunc Sq(x int) int {\n    return x * x\n}\n```"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(2))
                .body("tests.cases.name", hasItems("TestSq", "TestSqZero"));
        verify(body("go", "func Sq(x int) int {\n", tests, "Sq", "    return x + x\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tests_failed"))
                .body("tests.passed", equalTo(1));
        verify(body("go", "func Sq(x int) int {\n", tests, "Sq", "    return x * y\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("compile_error"))
                .body("syntax.message", containsString("undefined: y"));
    }

    @Test
    void goCandidateExitingEarlyIsNotAPass() {
        String tests = "func TestSq(t *testing.T) {\n    if Sq(3) != 9 { t.Fatal(\"wrong\") }\n}\n";
        verify(body("go", "", tests, "Sq", "```go\nimport \"os\"\n\nfunc Sq(x int) int {\n    os.Exit(0)\n    return 0\n}\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", org.hamcrest.Matchers.anyOf(equalTo("tests_failed"), equalTo("tampering")));
    }

    @Test
    void rustCandidatesRunEveryDeclaredTest() {
        String tests = "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn squares() { assert_eq!(sq(3), 9); }\n"
                + "    #[test]\n    fn zero() { assert_eq!(sq(0), 0); }\n}\n";
        String prompt = "use regex::Regex;\nfn sq(x: i64) -> i64 {\n";
        verify(body("rust", prompt, tests, "sq", "```rust\nfn sq(x: i64) -> i64 {\n    x * x\n}\n```"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(2))
                .body("tests.cases.name", hasItems("tests::squares", "tests::zero"));
        verify(body("rust", prompt, tests, "sq", "    x + x\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tests_failed"))
                .body("tests.passed", equalTo(1));
        verify(body("rust", prompt, tests, "sq", "    if x == 3 { std::process::exit(0) }\n    x * x\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("tampering"));
        verify(body("rust", prompt, tests, "sq", "    x * y\n}\n"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("compile_error"));
    }

    @Test
    void missingAndInvalidFieldsGiveProblemJsonListingEachField() {
        Map<String, Object> bad = body("python", null, null, "not an identifier", null);
        ((Map<String, Object>) bad.get("task")).put("id", "");
        given().contentType(ContentType.JSON).body(bad).post("/v1/verify").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("status", equalTo(400))
                .body("violations.field", hasItems("task.id", "task.prompt", "task.entryPoint", "response.text"));
    }

    @Test
    void missingBodyIsABadRequest() {
        given().contentType(ContentType.JSON).post("/v1/verify").then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void unknownLanguageNamesTheSupportedOnes() {
        verify(body("cobol", "x", null, null, "DISPLAY 'HI'."))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("cobol"))
                .body("supported", hasItems("python", "java", "javascript", "cpp"));
    }

    @Test
    void unknownDimensionIsABadRequestNamingTheField() {
        Map<String, Object> bad = Requests.pythonReturningOne("def f():\n    return 1");
        ((Map<String, Object>) bad.get("task")).put("dimension", "poetry");
        given().contentType(ContentType.JSON).body(bad).post("/v1/verify").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("task.dimension"))
                .body("detail", containsString("code_generation"));
    }

    @Test
    void wrongTypeIsABadRequestNamingTheField() {
        Map<String, Object> bad = Requests.pythonReturningOne("def f():\n    return 1");
        ((Map<String, Object>) bad.get("task")).put("tests", java.util.List.of(1, 2));
        given().contentType(ContentType.JSON).body(bad).post("/v1/verify").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("task.tests"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"task\": {").post("/v1/verify").then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void bodyOverTheConfiguredSizeIs413() {
        String huge = "x".repeat(1_200_000);
        given().contentType(ContentType.JSON).body(Requests.pythonReturningOne("# " + huge)).post("/v1/verify").then()
                .statusCode(413);
    }

    @Test
    void readinessReportsTheEngineAndThePool() {
        given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'sandbox' }.data.engine", equalTo("up"))
                .body("checks.find { it.name == 'sandbox' }.data.'pool.python'", containsString("warm"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void warmPoolServesVerifications() {
        verify(Requests.pythonReturningOne("def f():\n    return 1")).statusCode(200).body("status", equalTo("passed"));
        verify(Requests.pythonReturningOne("def f():\n    return 1")).statusCode(200)
                .body("timings.warm", equalTo(true))
                .body("timings.runMs", greaterThan(0));
    }

    @Test
    void taskWithItsOwnMemoryLimitGetsIt() {
        String hungry = "def f():\n    block = b'x' * (400 * 1024 * 1024)\n    return 1 if len(block) else 0";
        verify(Requests.pythonReturningOne(hungry)).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("memory_limit"));
        Map<String, Object> roomy = Requests.pythonReturningOne(hungry);
        ((Map<String, Object>) roomy.get("task")).put("limits", Map.of("memoryMb", 1024));
        verify(roomy).statusCode(200)
                .body("status", equalTo("passed"))
                .body("timings.warm", equalTo(false));
    }

    @Test
    void taskMayAskForLessTimeThanTheDefault() {
        String slow = "import time\ndef f():\n    end = time.process_time() + 1.5\n    while time.process_time() < end:\n"
                + "        pass\n    return 1";
        verify(Requests.pythonReturningOne(slow)).statusCode(200).body("status", equalTo("passed"));
        Map<String, Object> strict = Requests.pythonReturningOne(slow);
        ((Map<String, Object>) strict.get("task")).put("limits", Map.of("runSeconds", 1));
        verify(strict).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", org.hamcrest.Matchers.oneOf("test_timeout", "timeout"));
    }

    @Test
    void limitsAboveTheServiceMaximaAreRefusedNamingTheField() {
        Map<String, Object> greedy = Requests.pythonReturningOne("def f():\n    return 1");
        ((Map<String, Object>) greedy.get("task")).put("limits", Map.of("runSeconds", 500));
        verify(greedy).statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("task.limits.runSeconds"))
                .body("detail", containsString("120"));
        ((Map<String, Object>) greedy.get("task")).put("limits", Map.of("memoryMb", 10));
        verify(greedy).statusCode(400).body("violations.field", hasItem("task.limits.memoryMb"));
        ((Map<String, Object>) greedy.get("task")).put("limits", Map.of("runSeconds", 5, "testSeconds", 8));
        verify(greedy).statusCode(400).body("violations.field", hasItem("task.limits.testSeconds"));
    }
}
