package dev.arbiter.router;

import dev.arbiter.memory.Experience;
import dev.arbiter.memory.MemoryIndex;
import dev.arbiter.router.voter.Ballot;
import dev.arbiter.router.voter.LinTsVoter;
import dev.arbiter.router.voter.LinUcbVoter;
import dev.arbiter.router.voter.MemoryVoter;
import dev.arbiter.router.voter.MetadataVoter;
import dev.arbiter.router.voter.PriorVoter;
import dev.arbiter.router.voter.RoutingContext;
import dev.arbiter.router.voter.Voter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The Context -> Action -> Feedback loop without I/O: voters, their weighted vote, expected costs and the memory
 * index. The service wraps it with persistence and embeddings; the benchmark replay drives it directly — the same
 * code decides in both.
 */
public class RoutingEngine {
    private final List<Voter> voters;
    private final VoteCombiner combiner;
    private final CostModel costs;
    private final MemoryIndex memory;
    private final double lambda;
    private final Prior prior;

    /**
     * Tuning of the voters and the vote. {@code escalationLambda} prices cost when choosing the next model after a
     * verified failure: the task has already cost one call, so the next one is weighed by expected score per money
     * more strictly than the first choice (lambda).
     */
    public record Settings(double lambda, int topK, double threshold, double ucbAlpha, double tsScale, double eta,
            double escalationLambda) {
        public Settings(double lambda, int topK, double threshold, double ucbAlpha, double tsScale, double eta) {
            this(lambda, topK, threshold, ucbAlpha, tsScale, eta, DEFAULT_ESCALATION_LAMBDA);
        }

        public static Settings defaults(double lambda, int topK, double threshold) {
            return new Settings(lambda, topK, threshold, 0.3, 0.3, 2.0, DEFAULT_ESCALATION_LAMBDA);
        }
    }

    public static final double DEFAULT_ESCALATION_LAMBDA = 20;

    private final double escalationLambda;

    public RoutingEngine(Prior prior, MemoryIndex memory, Settings s, int assumedOutputTokens) {
        this.prior = prior;
        this.escalationLambda = s.escalationLambda();
        this.memory = memory;
        this.lambda = s.lambda();
        this.costs = new CostModel(prior, assumedOutputTokens);
        this.combiner = new VoteCombiner(s.eta());
        List<Voter> v = new ArrayList<>();
        if (!prior.isEmpty()) {
            v.add(new PriorVoter(prior));
        }
        v.add(new MemoryVoter(memory, s.topK(), s.threshold()));
        v.add(new LinUcbVoter(s.ucbAlpha()));
        v.add(new LinTsVoter(s.tsScale()));
        v.add(new MetadataVoter());
        this.voters = List.copyOf(v);
    }

    public double lambda() {
        return lambda;
    }

    public double expectedCost(RouteTask task, ModelSpec model) {
        return costs.expected(task, model);
    }

    public MemoryIndex memory() {
        return memory;
    }

    /** Chooses among the candidates; the ranking is by expected reward, best first. */
    public Decision decide(RouteTask task, TaskFeatures features, float[] vector, List<ModelSpec> candidates, Random random) {
        return decide(task, features, vector, candidates, random, lambda);
    }

    /**
     * The next model after a verified failure, among the models not tried yet: the same vote, ranked by expected
     * score minus the escalation lambda x expected cost.
     */
    public Decision escalate(RouteTask task, TaskFeatures features, float[] vector, List<ModelSpec> untried, Random random) {
        return decide(task, features, vector, untried, random, escalationLambda);
    }

    private Decision decide(RouteTask task, TaskFeatures features, float[] vector, List<ModelSpec> candidates, Random random,
            double priceWeight) {
        Map<String, Double> expectedCost = costs.expected(task, candidates);
        RoutingContext context = new RoutingContext(task, features, vector, candidates, expectedCost, lambda, random);
        List<Ballot> ballots = voters.stream().map(v -> v.vote(context)).toList();
        List<String> names = context.names();
        Map<String, Double> expected = combiner.combine(ballots, names);
        List<Decision.Ranked> ranking = new ArrayList<>();
        for (String m : names) {
            double score = expected.get(m);
            double cost = expectedCost.get(m);
            ranking.add(new Decision.Ranked(m, round(score), cost, round(score - lambda * cost)));
        }
        ranking.sort(Comparator.comparingDouble((Decision.Ranked r) -> r.expectedScore() - priceWeight * r.expectedCost()).reversed());
        List<Decision.VoterView> views = new ArrayList<>();
        Object priorEvidence = null;
        List<?> neighbours = null;
        for (Ballot b : ballots) {
            Map<String, Double> rounded = new LinkedHashMap<>();
            b.scores().forEach((m, s) -> rounded.put(m, round(s)));
            views.add(new Decision.VoterView(b.voter(), round(combiner.weight(b.voter())), b.choice(expectedCost, lambda), rounded));
            if (b.voter().equals("prior")) {
                priorEvidence = b.evidence();
            } else if (b.voter().equals("memory")) {
                neighbours = (List<?>) b.evidence();
            }
        }
        return new Decision(UUID.randomUUID().toString(), task.id(), task.dimension(), ranking.get(0).model(), lambda,
                List.copyOf(ranking), new Decision.Evidence(features.describe(), priorEvidence, neighbours, List.copyOf(views)),
                Instant.now());
    }

    /** The voters' squared errors for a verified outcome of a decision, before anything learns from it. */
    public static Map<String, Double> losses(Decision decision, String model, double score) {
        Map<String, Map<String, Double>> predictions = new LinkedHashMap<>();
        decision.evidence().voters().forEach(v -> predictions.put(v.voter(), v.scores()));
        return VoteCombiner.losses(predictions, model, score);
    }

    /** Learns from an outcome: the online voters, the vote's weights, the cost model and the memory. */
    public void learn(Experience e, TaskFeatures features) {
        for (Voter v : voters) {
            v.learn(features, e.vector(), e.model(), e.score(), e.cost());
        }
        combiner.learn(VoteCombiner.decode(e.voterLosses()));
        costs.observe(e.dimension(), e.model(), e.cost());
        memory.add(e);
    }

    public static String encodeLosses(Map<String, Double> losses) {
        return VoteCombiner.encode(losses);
    }

    public Prior prior() {
        return prior;
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }
}
