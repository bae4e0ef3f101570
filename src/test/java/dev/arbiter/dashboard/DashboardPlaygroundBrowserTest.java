package dev.arbiter.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbiter.support.Chromium;
import dev.arbiter.support.RoutedOutcomes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The playground with a real run (needs the container engine and the Python sandbox image, as the rest of the
 * suite does): README's sum-evens answer fails one of three tests, and the page shows each test's outcome and
 * message, the signals and the gates as the API returns them. The service here has no keys, so the dashboard opens
 * without asking for one.
 */
@QuarkusTest
class DashboardPlaygroundBrowserTest {
    static final String PROMPT = "def sum_evens(numbers):\n    \"\"\"Return the sum of the even numbers.\"\"\"\n";
    static final String TESTS = "def check(candidate):\n    assert candidate([1, 2, 3, 4]) == 6\n"
            + "    assert candidate([]) == 0\n    assert candidate([-2, 5]) == -2\n\ncheck(sum_evens)\n";
    static final String ANSWER = "Here you go:\n```python\ndef sum_evens(numbers):\n"
            + "    return sum(n for n in numbers if n % 2 == 0 and n > 0)\n```";

    @TestHTTPResource("/ui/#/playground")
    URL playground;

    @Test
    void playgroundShowsEachTestsOutcomeSignalsAndGates() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            chromium.session("playground-run", driver -> run(chromium, driver));
        }
    }

    private void run(Chromium chromium, WebDriver driver) throws Exception {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        driver.get(playground.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pg-prompt")));
        driver.findElement(By.id("pg-id")).clear();
        driver.findElement(By.id("pg-id")).sendKeys("demo/sum-evens");
        driver.findElement(By.id("pg-entry")).sendKeys("sum_evens");
        fill(driver, "pg-prompt", PROMPT);
        fill(driver, "pg-tests", TESTS);
        fill(driver, "pg-answer", ANSWER);
        driver.findElement(By.id("pg-verify")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verdict-status")));

        JsonPath verdict = RoutedOutcomes.json(given().contentType(ContentType.JSON)
                .body(Map.of("task", Map.of("id", "demo/sum-evens", "dimension", "code_generation", "language", "python",
                        "prompt", PROMPT, "tests", TESTS, "entryPoint", "sum_evens"), "response", Map.of("text", ANSWER,
                        "model", "playground")))
                .post("/v1/verify").then().statusCode(200).extract().asString());
        assertEquals("failed", driver.findElement(By.id("verdict-status")).getText());
        assertEquals(verdict.getString("reason"), driver.findElement(By.id("verdict-reason")).getText());
        List<WebElement> cases = driver.findElements(By.cssSelector("#tests-table tbody tr"));
        assertEquals(verdict.getList("tests.cases").size(), cases.size());
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(verdict.getString("tests.cases[" + i + "].outcome"), cases.get(i).findElement(By.cssSelector("td:nth-child(2)")).getText());
        }
        assertEquals("assert candidate([-2, 5]) == -2", cases.get(2).findElement(By.cssSelector("td:nth-child(3)")).getText());
        assertEquals(verdict.getMap("signals.scores").keySet().stream().sorted().toList(),
                driver.findElements(By.cssSelector("#signals-table tbody tr td:first-child")).stream().map(WebElement::getText).sorted().toList());
        assertEquals(verdict.getList("signals.gates"), driver.findElements(By.cssSelector("#gates-list li")).stream()
                .map(WebElement::getText).toList());
        chromium.screenshot("dashboard-playground-run");
    }

    /** Sets a text area's value as typing would, without the browser's auto-indentation or key-by-key delay. */
    private static void fill(WebDriver driver, String id, String text) {
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input'));", id, text);
    }
}
