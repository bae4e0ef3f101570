package dev.arbiter.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Dashboard fixtures made through the API as a client would: three routing decisions among three models, four
 * outcomes fed back with their scores and costs (the dearest candidate, gpt-5.4, is not the best in hindsight,
 * kimi-k2.5, so the two baselines differ), and the figures a dashboard should show for them, computed here
 * from the route responses and the fed-back numbers alone (not from the service's aggregation).
 */
public final class RoutedOutcomes {
    public static final List<String> MODELS = List.of("glm-5", "kimi-k2.5", "gpt-5.4");
    /** lambda of the reward (arbiter.router.lambda's default). */
    public static final double LAMBDA = 0.1;

    /** One fed-back outcome. */
    public record Outcome(String decisionId, String taskId, String dimension, String model, double score, double cost) {
        public double reward() {
            return score - LAMBDA * cost;
        }
    }

    public final String prefix;
    public final Map<String, JsonPath> decisions = new LinkedHashMap<>();
    public final List<Outcome> outcomes = new ArrayList<>();

    private RoutedOutcomes(String prefix) {
        this.prefix = prefix;
    }

    /** Routes and feeds back with the key (route or admin role; null for an anonymous service). */
    public static RoutedOutcomes create(String key, String prefix) {
        RoutedOutcomes r = new RoutedOutcomes(prefix);
        String a = r.route(key, prefix + "/reverse-list", "algorithm");
        String b = r.route(key, prefix + "/shortest-path", "algorithm");
        String c = r.route(key, prefix + "/off-by-one", "bug_fixing");
        r.feedback(key, a, "glm-5", 0.9, 0.0021);
        r.feedback(key, b, "glm-5", 0.4, 0.0033);
        r.feedback(key, b, "gpt-5.4", 0.5, 0.0187);
        r.feedback(key, c, "kimi-k2.5", 0.7, 0.0009);
        return r;
    }

    private String route(String key, String taskId, String dimension) {
        Map<String, Object> task = Map.of("id", taskId, "dimension", dimension, "language", "python",
                "prompt", "Write a Python function for " + taskId + ".");
        JsonPath decision = json(as(key).body(Map.of("task", task, "allowedModels", MODELS)).post("/v1/route")
                .then().statusCode(200).extract().asString());
        decisions.put(decision.getString("decisionId"), decision);
        return decision.getString("decisionId");
    }

    private void feedback(String key, String decisionId, String model, double score, double cost) {
        as(key).body(Map.of("decisionId", decisionId, "model", model, "score", score, "cost", cost)).post("/v1/feedback")
                .then().statusCode(200);
        JsonPath d = decisions.get(decisionId);
        outcomes.add(new Outcome(decisionId, d.getString("taskId"), d.getString("dimension"), model, score, cost));
    }

    /** JSON with numbers read as doubles (REST Assured's default, float, would lose the costs' digits). */
    public static JsonPath json(String body) {
        return JsonPath.from(body).using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    private static io.restassured.specification.RequestSpecification as(String key) {
        var spec = given().contentType(ContentType.JSON);
        return key == null ? spec : spec.header("Authorization", "Bearer " + key);
    }

    public double spent() {
        return outcomes.stream().mapToDouble(Outcome::cost).sum();
    }

    public double meanScore() {
        return outcomes.stream().mapToDouble(Outcome::score).average().orElseThrow();
    }

    public double meanReward() {
        return outcomes.stream().mapToDouble(Outcome::reward).average().orElseThrow();
    }

    /** A candidate's expected cost in a decision's ranking. */
    public double expectedCost(String decisionId, String model) {
        List<Map<String, Object>> ranking = decisions.get(decisionId).getList("ranking");
        return ranking.stream().filter(r -> r.get("model").equals(model))
                .mapToDouble(r -> ((Number) r.get("expectedCost")).doubleValue()).findFirst().orElseThrow();
    }

    /** Per decision, the dearest candidate's expected cost, summed. */
    public double dearestCost() {
        return decisions.keySet().stream().mapToDouble(id -> MODELS.stream()
                .mapToDouble(m -> expectedCost(id, m)).max().orElseThrow()).sum();
    }

    /** The model with the best mean reward on its own outcomes. */
    public String bestSingleModel() {
        Map<String, Double> mean = outcomes.stream().collect(Collectors.groupingBy(Outcome::model,
                Collectors.averagingDouble(Outcome::reward)));
        return mean.entrySet().stream().max(Comparator.comparingDouble(Map.Entry::getValue)).orElseThrow().getKey();
    }

    public double bestSingleCost() {
        String best = bestSingleModel();
        return decisions.keySet().stream().mapToDouble(id -> expectedCost(id, best)).sum();
    }

    public List<Outcome> of(String model, String dimension) {
        return outcomes.stream().filter(o -> o.model().equals(model) && o.dimension().equals(dimension)).toList();
    }
}
