package dev.arbiter.api;

import static dev.arbiter.support.Requests.verify;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole programs checked by input/output cases, given by the task or found in its prompt. */
@QuarkusTest
class StdioApiTest {
    private static final String PROMPT = """
            Read n, then n integers; print their sum.

            Sample Input 1
            3
            1 2 3
            Sample Output 1
            6

            Sample Input 2
            2
            -4 10
            Sample Output 2
            6
            """;

    private static Map<String, Object> request(String language, String prompt, List<Map<String, String>> cases, String answer) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", "stdio/" + language);
        task.put("dimension", "algorithm");
        task.put("language", language);
        task.put("prompt", prompt);
        if (cases != null) {
            task.put("stdioTests", cases);
        }
        return Map.of("task", task, "response", Map.of("text", answer, "model", "m"));
    }

    @Test
    void pythonProgramPassesTheGivenCasesAndAWrongOneFailsWithTheDifference() {
        List<Map<String, String>> cases = List.of(Map.of("input", "2 3\n", "output", "5\n"), Map.of("input", "10 -1\n", "output", "9\n"));
        verify(request("python", "Add two numbers.", cases, "```python\na, b = map(int, input().split())\nprint(a + b)\n```"))
                .statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(2))
                .body("tests.source", equalTo("task"));
        verify(request("python", "Add two numbers.", cases, "```python\na, b = map(int, input().split())\nprint(a * b)\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("tests.passed", equalTo(0))
                .body("tests.cases[0].message", equalTo("expected \"5\", got \"6\""))
                .body("confidence", lessThanOrEqualTo(0.4f));
    }

    @Test
    void promptSamplesBecomeTestsForACompiledProgram() {
        String cpp = "```cpp\n#include <iostream>\nint main(){int n;long s=0,x;std::cin>>n;while(n--){std::cin>>x;s+=x;}std::cout<<s<<\"\\n\";}\n```";
        verify(request("cpp", PROMPT, null, cpp)).statusCode(200)
                .body("status", equalTo("passed"))
                .body("tests.total", equalTo(2))
                .body("tests.source", equalTo("prompt_examples"))
                .body("syntax.checker", equalTo("g++"));
        String java = "```java\nimport java.util.*;\npublic class Solution { public static void main(String[] a) {"
                + " Scanner in = new Scanner(System.in); int n = in.nextInt(); long s = 0; while (n-- > 0) s += in.nextLong();"
                + " System.out.println(s); } }\n```";
        verify(request("java", PROMPT, null, java)).statusCode(200).body("status", equalTo("passed"));
    }

    @Test
    void aCaseThatHangsIsKilledAndTheOthersStillRun() {
        List<Map<String, String>> cases = List.of(Map.of("input", "1\n", "output", "1\n"), Map.of("input", "0\n", "output", "0\n"),
                Map.of("input", "2\n", "output", "2\n"));
        verify(request("python", "Echo n.", cases, "```python\nn = int(input())\nwhile n == 0:\n    pass\nprint(n)\n```"))
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("timeout"))
                .body("tests.passed", equalTo(2))
                .body("tests.cases[1].outcome", equalTo("timeout"))
                .body("confidence", lessThanOrEqualTo(0.1f));
    }

    @Test
    void compileErrorOfAStandaloneProgramIsReported() {
        verify(request("go", PROMPT, null, "```go\npackage main\nfunc main() { undefined() }\n```")).statusCode(200)
                .body("status", equalTo("failed"))
                .body("reason", equalTo("compile_error"))
                .body("syntax.message", containsString("undefined"));
    }
}
