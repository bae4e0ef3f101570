package dev.arbiter.router.voter;

import dev.arbiter.memory.MemoryIndex;
import dev.arbiter.router.TaskFeatures;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Memory neighbours: the k remembered tasks most similar to this one (cosine at least the threshold) vote with their
 * verified scores, each weighted by its similarity; a model no neighbour used is abstained on. The ballot's evidence
 * lists the neighbours.
 */
public class MemoryVoter implements Voter {
    private final MemoryIndex index;
    private final int k;
    private final double threshold;

    public MemoryVoter(MemoryIndex index, int k, double threshold) {
        this.index = index;
        this.k = k;
        this.threshold = threshold;
    }

    /** A neighbour as shown in a decision's evidence. */
    public record NeighbourView(String taskId, String model, double score, double cost, double similarity) {
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Ballot vote(RoutingContext context) {
        List<MemoryIndex.Neighbour> found = index.search(context.embedding(), k, threshold);
        Map<String, double[]> sums = new HashMap<>();
        for (MemoryIndex.Neighbour n : found) {
            double[] s = sums.computeIfAbsent(n.experience().model(), m -> new double[2]);
            s[0] += n.similarity() * n.experience().score();
            s[1] += n.similarity();
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (String m : context.names()) {
            double[] s = sums.get(m);
            if (s != null && s[1] > 0) {
                scores.put(m, s[0] / s[1]);
            }
        }
        List<NeighbourView> views = found.stream().map(n -> new NeighbourView(n.experience().taskId(),
                n.experience().model(), n.experience().score(), n.experience().cost(),
                Math.round(n.similarity() * 10_000) / 10_000.0)).toList();
        return new Ballot(name(), scores, views);
    }

    @Override
    public void learn(TaskFeatures features, float[] embedding, String model, double score, double cost) {
        // the orchestrator adds every experience to the shared index; nothing else to learn
    }
}
