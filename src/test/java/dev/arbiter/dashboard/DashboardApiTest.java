package dev.arbiter.dashboard;

import static dev.arbiter.security.SecurityApiTest.ADMIN;
import static dev.arbiter.security.SecurityApiTest.ROUTE;
import static dev.arbiter.security.SecurityApiTest.VERIFY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.arbiter.support.RoutedOutcomes;
import dev.arbiter.support.Requests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's figures against the same figures computed here from what the test routed and fed back, and who
 * may read them. One test method makes all the data, so the store holds exactly what the expectations count.
 */
@QuarkusTest
@TestProfile(DashboardTestProfile.class)
class DashboardApiTest {
    private static final double EPS = 1e-9;
    private static final List<String> ENDPOINTS = List.of("/v1/dashboard/overview", "/v1/dashboard/heatmap",
            "/v1/dashboard/experiences", "/v1/dashboard/decisions", "/v1/dashboard/decisions/none");

    private static JsonPath read(String key, String path) {
        return RoutedOutcomes.json(given().header("Authorization", "Bearer " + key).get(path)
                .then().statusCode(200).extract().asString());
    }

    @Test
    void figuresMatchWhatWasRoutedFedBackAndVerified() {
        RoutedOutcomes data = RoutedOutcomes.create(ROUTE, "dash-api");
        // A syntax error is judged without a container engine: one failed verification, none passed.
        given().header("Authorization", "Bearer " + VERIFY).contentType(ContentType.JSON)
                .body(Requests.body("java", "class Solution {\n", null, null, "```java\nclass Solution { int x( }\n```"))
                .post("/v1/verify").then().statusCode(200).body("status", equalTo("failed"))
                .body("reason", equalTo("syntax_error"));

        JsonPath o = read(ROUTE, "/v1/dashboard/overview?minutes=10");
        assertEquals(4, o.getInt("outcomes.experiences"));
        assertEquals(3, o.getInt("outcomes.decisions"));
        assertEquals(data.meanScore(), o.getDouble("outcomes.meanScore"), EPS);
        assertEquals(data.meanReward(), o.getDouble("outcomes.meanReward"), EPS);
        assertEquals(3, o.getList("perMinute.decisions", Integer.class).stream().mapToInt(Integer::intValue).sum());
        assertEquals(4, o.getList("perMinute.feedback", Integer.class).stream().mapToInt(Integer::intValue).sum());
        assertEquals(10, o.getList("perMinute").size());
        assertEquals(1, o.getInt("verifications.total"));
        assertEquals(1, o.getInt("verifications.failed"));
        assertEquals(0, o.getInt("verifications.passed"));
        assertEquals(0.0, o.getDouble("verifications.passRate"), EPS);

        assertEquals(data.spent(), o.getDouble("money.spent"), EPS);
        assertEquals(data.dearestCost(), o.getDouble("money.mostExpensive.cost"), EPS);
        assertEquals(data.dearestCost() - data.spent(), o.getDouble("money.mostExpensive.saved"), EPS);
        assertEquals("gpt-5.4", o.getString("money.mostExpensive.model"));
        assertEquals("kimi-k2.5", data.bestSingleModel(), "the fixture's best single model in hindsight");
        assertEquals("kimi-k2.5", o.getString("money.bestSingle.model"));
        assertEquals(data.bestSingleCost(), o.getDouble("money.bestSingle.cost"), EPS);
        assertEquals(data.bestSingleCost() - data.spent(), o.getDouble("money.bestSingle.saved"), EPS);
        assertEquals(0.7 - 0.1 * 0.0009, o.getDouble("money.bestSingle.meanReward"), EPS);
        assertEquals(0.7, o.getDouble("money.bestSingle.meanScore"), EPS);

        JsonPath heat = read(ROUTE, "/v1/dashboard/heatmap");
        assertEquals(List.of("glm-5", "gpt-5.4", "kimi-k2.5"), heat.getList("models"));
        assertEquals(List.of("algorithm", "bug_fixing"), heat.getList("columns"));
        assertEquals(3, heat.getList("cells").size());
        for (Map<String, Object> cell : heat.<Map<String, Object>>getList("cells")) {
            List<RoutedOutcomes.Outcome> in = data.of((String) cell.get("model"), (String) cell.get("column"));
            assertEquals(in.size(), ((Number) cell.get("count")).intValue(), cell.toString());
            assertEquals(in.stream().mapToDouble(RoutedOutcomes.Outcome::score).average().orElseThrow(),
                    ((Number) cell.get("meanScore")).doubleValue(), EPS);
            assertEquals(in.stream().mapToDouble(RoutedOutcomes.Outcome::cost).average().orElseThrow(),
                    ((Number) cell.get("meanCost")).doubleValue(), EPS);
            assertEquals(in.stream().mapToDouble(RoutedOutcomes.Outcome::reward).average().orElseThrow(),
                    ((Number) cell.get("meanReward")).doubleValue(), EPS);
        }
        JsonPath byLanguage = read(ROUTE, "/v1/dashboard/heatmap?by=language");
        assertEquals(List.of("python"), byLanguage.getList("columns"));
        assertEquals(2, byLanguage.getInt("cells.find { it.model == 'glm-5' }.count"));

        JsonPath cell = read(ROUTE, "/v1/dashboard/experiences?model=glm-5&dimension=algorithm");
        assertEquals(List.of("dash-api/shortest-path", "dash-api/reverse-list"), cell.getList("taskId"));
        assertEquals(List.of(0.4, 0.9), cell.getList("score", Double.class));
        assertEquals(List.of(0.0033, 0.0021), cell.getList("cost", Double.class));

        JsonPath all = read(ROUTE, "/v1/dashboard/decisions");
        assertEquals(3, all.getList("$").size());
        assertEquals("dash-api/off-by-one", all.getString("[0].taskId"), "newest first");
        assertEquals(List.of("dash-api/shortest-path"), read(ROUTE, "/v1/dashboard/decisions?q=SHORTEST").getList("taskId"));
        assertEquals(List.of("dash-api/off-by-one"), read(ROUTE, "/v1/dashboard/decisions?q=bug_fixing").getList("taskId"));
        assertEquals(0, read(ROUTE, "/v1/dashboard/decisions?q=%25").getList("$").size(), "% is a character, not a wildcard");
        String shortest = read(ROUTE, "/v1/dashboard/decisions?q=shortest").getString("[0].decisionId");
        assertEquals(data.decisions.get(shortest).getString("model"),
                read(ROUTE, "/v1/dashboard/decisions?q=" + shortest).getString("[0].model"));

        JsonPath detail = read(ADMIN, "/v1/dashboard/decisions/" + shortest);
        assertEquals(shortest, detail.getString("decision.decisionId"));
        assertEquals(3, detail.getList("decision.ranking").size());
        assertEquals(List.of("glm-5", "gpt-5.4"), detail.getList("outcomes.model"));
        assertEquals(List.of(0.0033, 0.0187), detail.getList("outcomes.cost", Double.class));
    }

    @Test
    void dashboardDataTakesTheRouteRoleWhileThePageIsPublic() {
        for (String path : ENDPOINTS) {
            given().get(path).then().statusCode(401).contentType("application/problem+json");
            given().header("Authorization", "Bearer " + VERIFY).get(path).then().statusCode(403);
        }
        given().header("Authorization", "Bearer " + ROUTE).get("/v1/dashboard/overview").then().statusCode(200);
        given().header("Authorization", "Bearer " + ADMIN).get("/v1/dashboard/decisions").then().statusCode(200);
        given().header("Authorization", "Bearer " + ROUTE).get("/v1/dashboard/decisions/none").then().statusCode(404);
        given().header("Authorization", "Bearer " + ROUTE).get("/v1/dashboard/heatmap?by=poetry").then().statusCode(400);
        given().header("Authorization", "Bearer " + ROUTE).get("/v1/dashboard/overview?minutes=61").then().statusCode(400);

        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/v1/dashboard/overview", "/v1/dashboard/heatmap",
                        "/v1/dashboard/experiences", "/v1/dashboard/decisions", "/v1/dashboard/decisions/{id}"))
                .body("paths.'/v1/dashboard/decisions/{id}'.get.responses.keySet()", org.hamcrest.Matchers.hasItems("200", "404"))
                .body("components.schemas.keySet()", org.hamcrest.Matchers.hasItems("Overview", "Heatmap"));
        given().get("/ui/").then().statusCode(200).body(containsString("Arbiter dashboard"));
        given().get("/ui/app.js").then().statusCode(200);
        given().get("/webjars/echarts/5.3.1/dist/echarts.min.js").then().statusCode(200);
        given().redirects().follow(false).accept("text/html,application/xhtml+xml").get("/").then()
                .statusCode(303).header("Location", containsString("/ui/"));
        given().redirects().follow(false).accept("application/json").get("/").then()
                .statusCode(303).header("Location", containsString("/q/swagger-ui/"));
    }
}
