package dev.arbiter.router.voter;

import dev.arbiter.router.Prior;
import dev.arbiter.router.TaskFeatures;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Priors: what was known before deployment. From a prior results matrix, a model's mean score on the task's group
 * (dimension x source benchmark), shrunk towards its mean on the dimension when the group is small; from a prior
 * map, the dimension's named model gets a fixed lead (a map says which model is best, not by how much). Abstains
 * when the prior says nothing about the dimension. Does not learn: online learning is the other voters' part.
 */
public class PriorVoter implements Voter {
    /** Pseudo-count pulling a small group's mean towards its dimension's. */
    private static final double SHRINK = 20;
    static final double MAP_BEST = 0.60;
    static final double MAP_OTHER = 0.45;

    private final Prior prior;

    public PriorVoter(Prior prior) {
        this.prior = prior;
    }

    /** The prior statistics a decision used, as its evidence shows them. */
    public record PriorView(String source, String mapModel, Map<String, Prior.Stat> dimension, Map<String, Prior.Stat> group) {
    }

    @Override
    public String name() {
        return "prior";
    }

    @Override
    public Ballot vote(RoutingContext context) {
        TaskFeatures f = context.features();
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Prior.Stat> dimension = new LinkedHashMap<>();
        Map<String, Prior.Stat> group = new LinkedHashMap<>();
        String mapped = prior.bestByDimension().get(f.dimension());
        for (String m : context.names()) {
            var d = prior.dimension(f.dimension(), m);
            var g = prior.group(f.dimension(), f.group(), m);
            d.ifPresent(s -> dimension.put(m, s));
            g.ifPresent(s -> group.put(m, s));
            if (d.isPresent()) {
                double mean = d.get().meanScore();
                if (g.isPresent()) {
                    mean = (g.get().n() * g.get().meanScore() + SHRINK * mean) / (g.get().n() + SHRINK);
                }
                scores.put(m, mean);
            } else if (mapped != null) {
                scores.put(m, m.equals(mapped) ? MAP_BEST : MAP_OTHER);
            }
        }
        return new Ballot(name(), scores, new PriorView(prior.source(), mapped, dimension, group));
    }

    @Override
    public void learn(TaskFeatures features, float[] embedding, String model, double score, double cost) {
        // a prior is fixed
    }
}
