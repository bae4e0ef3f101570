package dev.arbiter.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.arbiter.memory.Experience;
import dev.arbiter.router.Decision;
import dev.arbiter.verifier.Dimension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's arithmetic on hand-made outcomes: baselines per decision, missing decisions, empty windows. */
class AggregatesTest {
    private static Experience outcome(String decision, String model, double score, double cost, String language) {
        return new Experience(1, decision, "t/" + decision, Dimension.ALGORITHM, language, model, score, cost,
                score - 0.1 * cost, null, Instant.EPOCH, "[]", null, null);
    }

    private static Decision decision(String id, Object... modelAndCost) {
        List<Decision.Ranked> ranking = new java.util.ArrayList<>();
        for (int i = 0; i < modelAndCost.length; i += 2) {
            ranking.add(new Decision.Ranked((String) modelAndCost[i], 0.5, (Double) modelAndCost[i + 1], 0.5));
        }
        return new Decision(id, "t/" + id, Dimension.ALGORITHM, ranking.get(0).model(), 0.1, ranking, null, Instant.EPOCH);
    }

    @Test
    void anEmptyWindowHasNoMeansAndSavesNothing() {
        Overview.Money money = Aggregates.money(List.of(), Map.of());
        assertEquals(0, money.spent());
        assertEquals(0, money.mostExpensive().saved());
        assertNull(money.bestSingle().model());
        assertNull(Aggregates.outcomes(List.of()).meanScore());
        assertEquals(List.of(), Aggregates.heatmap(List.of(), "dimension").cells());
    }

    @Test
    void baselinesCostEachDecisionOnceAtTheModelsExpectedCost() {
        // d1: escalated, two outcomes; d2: one outcome; d3: its decision is gone, so it counts what was spent.
        List<Experience> window = List.of(outcome("d1", "cheap", 0.2, 0.001, "python"),
                outcome("d1", "dear", 1.0, 0.010, "python"), outcome("d2", "cheap", 0.9, 0.002, null),
                outcome("d3", "dear", 0.5, 0.004, "go"));
        Map<String, Decision> decisions = Map.of("d1", decision("d1", "cheap", 0.0015, "dear", 0.012),
                "d2", decision("d2", "cheap", 0.0025, "dear", 0.020));
        Overview.Money money = Aggregates.money(window, decisions);
        assertEquals(0.017, money.spent(), 1e-12);
        assertEquals("dear", money.mostExpensive().model());
        assertEquals(0.012 + 0.020 + 0.004, money.mostExpensive().cost(), 1e-12);
        // mean rewards: cheap (0.1999 + 0.8998) / 2 = 0.54985, dear (0.999 + 0.4996) / 2 = 0.7493
        assertEquals("dear", money.bestSingle().model());
        assertEquals(0.012 + 0.020 + 0.004, money.bestSingle().cost(), 1e-12);
        assertEquals(0.75, money.bestSingle().meanScore(), 1e-12);

        Heatmap byLanguage = Aggregates.heatmap(window, "language");
        assertEquals(List.of("go", "python", "unknown"), byLanguage.columns());
        assertEquals(List.of("cheap", "dear"), byLanguage.models());
        assertEquals(4, byLanguage.cells().size());
        assertThrows(IllegalArgumentException.class, () -> Aggregates.heatmap(window, "poetry"));
    }

    @Test
    void aTieForBestGoesToTheCheaperThenTheFirstName() {
        List<Experience> window = List.of(outcome("d1", "b", 0.5, 0.0, null), outcome("d2", "a", 0.5, 0.0, null));
        assertEquals("a", Aggregates.money(window, Map.of()).bestSingle().model());
    }
}
