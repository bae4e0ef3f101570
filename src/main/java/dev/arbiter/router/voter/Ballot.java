package dev.arbiter.router.voter;

import java.util.Map;

/** A voter's predicted score per model (models it abstains on are absent) and what it based them on. */
public record Ballot(String voter, Map<String, Double> scores, Object evidence) {
    public boolean abstains() {
        return scores.isEmpty();
    }

    /** The model this ballot alone would choose, by predicted score minus lambda x expected cost. */
    public String choice(Map<String, Double> expectedCost, double lambda) {
        return scores.entrySet().stream()
                .max(java.util.Comparator.comparingDouble(e -> e.getValue() - lambda * expectedCost.getOrDefault(e.getKey(), 0.0)))
                .map(Map.Entry::getKey).orElse(null);
    }
}
