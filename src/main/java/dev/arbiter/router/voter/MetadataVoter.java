package dev.arbiter.router.voter;

import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.TaskFeatures;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What the model pool and the request's metadata say before any outcome is known: a model's tier (premium > high >
 * mid > low) as a weak expectation of quality, sharpened by a task's stated difficulty (metadata "difficulty": easy
 * narrows the gap, so price decides; hard widens it).
 */
public class MetadataVoter implements Voter {
    private static final Map<String, Double> TIER = Map.of("premium", 0.50, "high", 0.47, "mid", 0.43, "low", 0.40);

    @Override
    public String name() {
        return "metadata";
    }

    @Override
    public Ballot vote(RoutingContext context) {
        Map<String, String> meta = context.task().metadata() == null ? Map.of() : context.task().metadata();
        String difficulty = meta.getOrDefault("difficulty", "").toLowerCase(Locale.ROOT);
        double spread = switch (difficulty) {
            case "easy" -> 0.3;
            case "hard" -> 2.0;
            default -> 1.0;
        };
        Map<String, Double> scores = new LinkedHashMap<>();
        for (ModelSpec m : context.candidates()) {
            double tier = TIER.getOrDefault(m.tier() == null ? "" : m.tier().toLowerCase(Locale.ROOT), 0.43);
            scores.put(m.name(), 0.43 + (tier - 0.43) * spread);
        }
        return new Ballot(name(), scores, difficulty.isEmpty() ? Map.of() : Map.of("difficulty", difficulty));
    }

    @Override
    public void learn(TaskFeatures features, float[] embedding, String model, double score, double cost) {
        // static knowledge
    }
}
