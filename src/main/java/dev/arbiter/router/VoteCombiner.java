package dev.arbiter.router;

import dev.arbiter.router.voter.Ballot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The weighted vote: a model's expected score is the weighted mean of the scores the voters that have an opinion on
 * it predict (plus a weak 0.5 for no opinion at all). The weights adapt online, multiplicatively (Hedge): after each
 * verified outcome a voter's weight shrinks by exp(-eta x its squared error on the model that was used), and the
 * weights are rescaled to average 1, each kept within [0.02, 10].
 */
public class VoteCombiner {
    private static final double NO_OPINION_WEIGHT = 0.05;
    private final double eta;
    private final Map<String, Double> weights = new ConcurrentHashMap<>();

    public VoteCombiner(double eta) {
        this.eta = eta;
    }

    public double weight(String voter) {
        return weights.getOrDefault(voter, 1.0);
    }

    public Map<String, Double> combine(List<Ballot> ballots, List<String> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String m : models) {
            double sum = NO_OPINION_WEIGHT * 0.5;
            double weight = NO_OPINION_WEIGHT;
            for (Ballot b : ballots) {
                Double s = b.scores().get(m);
                if (s != null) {
                    double w = weight(b.voter());
                    sum += w * s;
                    weight += w;
                }
            }
            out.put(m, sum / weight);
        }
        return out;
    }

    /** Each voter's squared error on the outcome of {@code model}, for the voters that predicted it. */
    public static Map<String, Double> losses(Map<String, Map<String, Double>> predictions, String model, double score) {
        Map<String, Double> losses = new LinkedHashMap<>();
        predictions.forEach((voter, scores) -> {
            Double p = scores.get(model);
            if (p != null) {
                losses.put(voter, (p - score) * (p - score));
            }
        });
        return losses;
    }

    public synchronized void learn(Map<String, Double> losses) {
        if (losses.isEmpty()) {
            return;
        }
        losses.forEach((voter, loss) -> weights.put(voter, weight(voter) * Math.exp(-eta * loss)));
        double mean = weights.values().stream().mapToDouble(Double::doubleValue).average().orElse(1);
        weights.replaceAll((v, w) -> Math.max(0.02, Math.min(10, w / mean)));
    }

    static String encode(Map<String, Double> losses) {
        StringBuilder b = new StringBuilder();
        losses.forEach((v, l) -> b.append(b.length() == 0 ? "" : ";").append(v).append('=').append(l));
        return b.toString();
    }

    static Map<String, Double> decode(String encoded) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isBlank()) {
            return out;
        }
        for (String pair : encoded.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
            }
        }
        return out;
    }
}
