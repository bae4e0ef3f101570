package dev.arbiter.dashboard;

import static dev.arbiter.security.SecurityApiTest.ADMIN;
import static dev.arbiter.security.SecurityApiTest.VERIFY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.support.Chromium;
import dev.arbiter.support.Requests;
import dev.arbiter.support.RoutedOutcomes;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard as a person uses it, in headless Chromium: sign in with a key, read each page with data this test
 * made (routes, feedback, a verification), check the figures shown against the API's, follow a decision from the
 * list to its page, run the playground, and save screenshots under target/screenshots/. Needs no container engine
 * (the playground's answer here is judged before anything runs); {@link DashboardPlaygroundBrowserTest} runs one.
 */
@QuarkusTest
@TestProfile(DashboardBrowserTest.Profile.class)
class DashboardBrowserTest {
    /** A store of its own, apart from DashboardApiTest's. */
    public static class Profile extends DashboardTestProfile {
    }

    @TestHTTPResource("/ui/")
    URL ui;

    static final String INPUTS_WITHOUT_NAMES = """
            const out = [];
            document.querySelectorAll('input, select, textarea').forEach(e => {
              if (e.offsetParent !== null && e.labels.length === 0 && !e.getAttribute('aria-label')) out.push(e.id || e.outerHTML.slice(0, 80));
            });
            document.querySelectorAll('a, button').forEach(e => {
              if (e.offsetParent !== null && !(e.textContent.trim() || e.getAttribute('aria-label'))) out.push(e.outerHTML.slice(0, 80));
            });
            return out;""";
    /** WCAG's contrast ratio of each matching element's text against its own (or its nearest set) background. */
    static final String LOW_CONTRAST = """
            const lum = c => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
              .map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
              if (!c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
            const out = [];
            document.querySelectorAll(arguments[0]).forEach(e => {
              const a = lum(getComputedStyle(e).color), b = lum(bg(e));
              const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
              if (ratio < 4.5) out.push(e.textContent.trim().slice(0, 40) + ' ' + ratio.toFixed(2));
            });
            return out;""";

    /** As the page writes an amount: JavaScript's toFixed(4) of the exact value. */
    static String usd(double v) {
        return "USD " + new BigDecimal(v).setScale(4, RoundingMode.HALF_UP).toPlainString();
    }

    static String fixed(double v, int digits) {
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static JsonPath api(String path) {
        return RoutedOutcomes.json(given().header("Authorization", "Bearer " + ADMIN).get(path)
                .then().statusCode(200).extract().asString());
    }

    private static void accessible(WebDriver driver, String page) {
        @SuppressWarnings("unchecked")
        List<String> unnamed = (List<String>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(INPUTS_WITHOUT_NAMES);
        assertEquals(List.of(), unnamed, page + ": every control has a label or a name");
    }

    private static List<?> lowContrast(WebDriver driver, String selector) {
        return (List<?>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(LOW_CONTRAST, selector);
    }

    @Test
    void aPersonSignsInReadsEachPageAndFollowsADecision() throws Exception {
        RoutedOutcomes data = RoutedOutcomes.create(ADMIN, "dash-ui");
        given().header("Authorization", "Bearer " + VERIFY).contentType(ContentType.JSON)
                .body(Requests.body("java", "class Solution {\n", null, null, "```java\nclass Solution { int x( }\n```"))
                .post("/v1/verify").then().statusCode(200);

        try (Chromium chromium = Chromium.start()) {
            chromium.session("dashboard", driver -> walkThrough(chromium, driver, data));
        }
    }

    private void walkThrough(Chromium chromium, WebDriver driver, RoutedOutcomes data) throws Exception {
        {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(ui.toString());

            // Sign in: a wrong key is refused on the form, the right one opens the overview.
            WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
            accessible(driver, "sign-in");
            key.sendKeys("arb-not-a-key", Keys.ENTER);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("login-error"), "401"));
            driver.findElement(By.id("key")).sendKeys(ADMIN, Keys.ENTER);

            // Overview: the figures against the API's and the fixture's own arithmetic.
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("fig-outcomes"), "4"));
            JsonPath o = api("/v1/dashboard/overview?minutes=30");
            assertEquals(data.spent(), o.getDouble("money.spent"), 1e-9);
            assertEquals(usd(o.getDouble("money.spent")), driver.findElement(By.id("fig-spent")).getText());
            assertEquals(usd(o.getDouble("money.mostExpensive.saved")), driver.findElement(By.id("fig-saved-expensive")).getText());
            assertEquals(usd(o.getDouble("money.bestSingle.saved")), driver.findElement(By.id("fig-saved-best")).getText());
            assertTrue(driver.findElement(By.id("fig-saved-best-note")).getText().startsWith(o.getString("money.bestSingle.model")));
            assertEquals("3", driver.findElement(By.id("fig-decisions")).getText());
            assertEquals("1", driver.findElement(By.id("fig-verifications")).getText());
            assertEquals("0.0 %", driver.findElement(By.id("fig-pass-rate")).getText());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#activity-chart svg")));
            assertEquals(List.of(), lowContrast(driver, ".card .value, .card .label, .card .note, nav a"));
            accessible(driver, "overview");
            chromium.screenshot("dashboard-overview");

            // Models x dimensions: each cell's mean and count as the API has them; a cell opens by keyboard.
            driver.findElement(By.id("nav-models")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#heat-table .heat-cell")));
            JsonPath heat = api("/v1/dashboard/heatmap");
            List<WebElement> cells = driver.findElements(By.cssSelector("#heat-table .heat-cell"));
            assertEquals(heat.getList("cells").size(), cells.size());
            for (Map<String, Object> c : heat.<Map<String, Object>>getList("cells")) {
                WebElement cell = driver.findElement(By.cssSelector(".heat-cell[data-model='" + c.get("model")
                        + "'][data-column='" + c.get("column") + "']"));
                assertEquals(fixed(((Number) c.get("meanScore")).doubleValue(), 3) + "\nn=" + c.get("count"), cell.getText());
            }
            assertEquals(List.of(), lowContrast(driver, ".heat-cell"));
            accessible(driver, "models");
            WebElement glm = driver.findElement(By.cssSelector(".heat-cell[data-model='glm-5'][data-column='algorithm']"));
            glm.sendKeys(Keys.ENTER);
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#cell-table tbody tr"), 2));
            assertEquals("dash-ui/shortest-path", driver.findElement(By.cssSelector("#cell-table tbody tr td:nth-child(2)")).getText());
            chromium.screenshot("dashboard-models");

            // Decisions: search, follow a decision to its page, which shows the ranking, voters and outcomes.
            driver.findElement(By.id("nav-decisions")).click();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#decisions-table tbody tr"), 3));
            WebElement search = driver.findElement(By.id("decision-search"));
            accessible(driver, "decisions");
            search.sendKeys("shortest", Keys.ENTER);
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#decisions-table tbody tr"), 1));
            String id = data.decisions.keySet().stream()
                    .filter(d -> data.decisions.get(d).getString("taskId").equals("dash-ui/shortest-path")).findFirst().orElseThrow();
            chromium.screenshot("dashboard-decisions");
            driver.findElement(By.cssSelector("#decisions-table a.decision-link")).click();
            wait.until(ExpectedConditions.textToBe(By.id("decision-id"), id));
            JsonPath decision = api("/v1/decisions/" + id);
            assertEquals(decision.getString("model"), driver.findElement(By.id("decision-model")).getText());
            List<WebElement> ranking = driver.findElements(By.cssSelector("#ranking-table tbody tr"));
            assertEquals(decision.getList("ranking").size(), ranking.size());
            assertEquals(decision.getString("ranking[0].model"), ranking.get(0).findElement(By.cssSelector("td:nth-child(2)")).getText());
            assertEquals(decision.getList("evidence.voters").size(),
                    driver.findElements(By.cssSelector("#voters-table tbody tr")).size());
            assertEquals(fixed(decision.getDouble("evidence.voters[0].weight"), 3),
                    driver.findElement(By.cssSelector("#voters-table tbody tr td:nth-child(2)")).getText());
            List<WebElement> outcomes = driver.findElements(By.cssSelector("#outcomes-table tbody tr"));
            assertEquals(2, outcomes.size());
            assertEquals(usd(0.0187), outcomes.get(1).findElement(By.cssSelector("td:nth-child(4)")).getText());
            accessible(driver, "decision");
            chromium.screenshot("dashboard-decision");

            // Playground: a Java answer that does not parse fails as the API says, with its signals and gates.
            driver.findElement(By.id("nav-playground")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pg-prompt")));
            accessible(driver, "playground");
            driver.findElement(By.id("pg-language")).clear();
            driver.findElement(By.id("pg-language")).sendKeys("java");
            driver.findElement(By.id("pg-prompt")).sendKeys("class Solution {\n");
            driver.findElement(By.id("pg-answer")).sendKeys("```java\nclass Solution { int x( }\n```");
            driver.findElement(By.id("pg-verify")).click();
            wait.until(ExpectedConditions.textToBe(By.id("verdict-status"), "failed"));
            JsonPath verdict = RoutedOutcomes.json(given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("task", Map.of("id", "playground/1", "dimension", "code_generation", "language", "java",
                            "prompt", "class Solution {\n"), "response", Map.of("text", "```java\nclass Solution { int x( }\n```",
                            "model", "playground")))
                    .post("/v1/verify").then().statusCode(200).extract().asString());
            assertEquals(verdict.getString("reason"), driver.findElement(By.id("verdict-reason")).getText());
            assertEquals(fixed(verdict.getDouble("confidence"), 2), driver.findElement(By.id("verdict-confidence")).getText());
            assertEquals(verdict.getList("signals.gates"), driver.findElements(By.cssSelector("#gates-list li")).stream()
                    .map(WebElement::getText).toList());
            chromium.screenshot("dashboard-playground");

            // Signing out forgets the key: the next page asks for it again.
            driver.findElement(By.id("signout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
            driver.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("key")));
        }
    }
}
