package dev.arbiter.replay;

import dev.arbiter.memory.Embedder;
import dev.arbiter.memory.Experience;
import dev.arbiter.memory.MemoryIndex;
import dev.arbiter.router.CostModel;
import dev.arbiter.router.Decision;
import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.Prior;
import dev.arbiter.router.RouteTask;
import dev.arbiter.router.RoutingEngine;
import dev.arbiter.router.TaskFeatures;
import dev.arbiter.router.voter.Ballot;
import dev.arbiter.router.voter.LinTsVoter;
import dev.arbiter.router.voter.LinUcbVoter;
import dev.arbiter.router.voter.RoutingContext;
import dev.arbiter.router.voter.Voter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The replay's policies. Each is built fresh for every stream order. */
public final class Policies {
    private Policies() {
    }

    /** Knows every outcome: the upper bound. */
    static Policy oracle(ReplayData data, double lambda) {
        Map<String, ReplayData.ReplayTask> byId = new HashMap<>();
        data.tasks().forEach(t -> byId.put(t.id(), t));
        return new Policy() {
            public String name() {
                return "Oracle";
            }

            public String choose(RouteTask task, List<String> candidates, Random random) {
                var outcomes = byId.get(task.id()).outcomes();
                String best = null;
                for (String m : candidates) {
                    if (best == null || outcomes.get(m).reward(lambda) > outcomes.get(best).reward(lambda)) {
                        best = m;
                    }
                }
                return best;
            }

            public void observe(RouteTask task, String model, double score, double cost) {
            }
        };
    }

    static Policy random() {
        return simple("Random", (task, candidates, random) -> candidates.get(random.nextInt(candidates.size())));
    }

    static Policy always(String model) {
        return simple("Always-" + model, (task, candidates, random) -> candidates.contains(model) ? model : candidates.get(0));
    }

    static Policy dimensionBest(Prior prior) {
        return simple("DimensionBest", (task, candidates, random) -> {
            String m = prior.bestByDimension().get(task.dimension());
            return m != null && candidates.contains(m) ? m : candidates.get(0);
        });
    }

    /**
     * k nearest remembered tasks (hashed features): the model with the best similarity-weighted reward among them;
     * a model none of the neighbours used is tried first (otherwise the first model to succeed would be the only one
     * ever remembered).
     */
    static Policy knn(double lambda, int k) {
        MemoryIndex index = new MemoryIndex(20_000, TaskFeatures.WIDTH);
        long[] seq = {0};
        return new Policy() {
            public String name() {
                return "kNN";
            }

            public String choose(RouteTask task, List<String> candidates, Random random) {
                var found = index.search(MemoryIndex.normalized(TaskFeatures.of(task).vector()), k, 0.0);
                Map<String, double[]> sums = new HashMap<>();
                for (var n : found) {
                    double[] s = sums.computeIfAbsent(n.experience().model(), m -> new double[2]);
                    s[0] += n.similarity() * n.experience().reward();
                    s[1] += n.similarity();
                }
                List<String> unseen = candidates.stream().filter(m -> !sums.containsKey(m)).toList();
                if (!unseen.isEmpty()) {
                    return unseen.get(random.nextInt(unseen.size()));
                }
                String best = candidates.get(0);
                double bestValue = Double.NEGATIVE_INFINITY;
                for (String m : candidates) {
                    double[] s = sums.get(m);
                    double value = s[1] > 0 ? s[0] / s[1] : 0;
                    if (value > bestValue) {
                        best = m;
                        bestValue = value;
                    }
                }
                return best;
            }

            public void observe(RouteTask task, String model, double score, double cost) {
                TaskFeatures f = TaskFeatures.of(task);
                index.add(new Experience(seq[0]++, "r", task.id(), task.dimension(), null, model, score, cost,
                        score - lambda * cost, null, Instant.EPOCH, f.encode(), MemoryIndex.normalized(f.vector()), ""));
            }
        };
    }

    static Policy linUcb(List<ModelSpec> pool, double lambda) {
        return bandit("LinUCB", new LinUcbVoter(0.3), pool, lambda);
    }

    static Policy linTs(List<ModelSpec> pool, double lambda) {
        return bandit("LinTS", new LinTsVoter(0.3), pool, lambda);
    }

    /** A voter deciding alone: its predicted score minus lambda x the observed mean cost. */
    private static Policy bandit(String name, Voter voter, List<ModelSpec> pool, double lambda) {
        CostModel costs = new CostModel(Prior.none(), 600);
        return new Policy() {
            public String name() {
                return name;
            }

            public String choose(RouteTask task, List<String> candidates, Random random) {
                List<ModelSpec> specs = specs(pool, candidates);
                Map<String, Double> cost = costs.expected(task, specs);
                Ballot b = voter.vote(new RoutingContext(task, TaskFeatures.of(task), null, specs, cost, lambda, random));
                return b.choice(cost, lambda);
            }

            public void observe(RouteTask task, String model, double score, double cost) {
                voter.learn(TaskFeatures.of(task), null, model, score, cost);
                costs.observe(task.dimension(), model, cost);
            }
        };
    }

    /** Arbiter's own orchestrator: the service's RoutingEngine, cold or warm-started from a prior. */
    static Policy arbiter(String name, Prior prior, List<ModelSpec> pool, double lambda, Embedder embedder) {
        return arbiter(name, prior, pool, embedder, RoutingEngine.Settings.defaults(lambda, 10, 0.5));
    }

    static Policy arbiter(String name, Prior prior, List<ModelSpec> pool, Embedder embedder, RoutingEngine.Settings settings) {
        double lambda = settings.lambda();
        int width = embedder == null ? TaskFeatures.WIDTH : Embedder.DIMENSIONS;
        RoutingEngine engine = new RoutingEngine(prior, new MemoryIndex(20_000, width), settings, 600);
        Map<String, Decision> open = new HashMap<>();
        Map<String, float[]> vectors = new HashMap<>();
        long[] seq = {0};
        return new Policy() {
            public String name() {
                return name;
            }

            public String choose(RouteTask task, List<String> candidates, Random random) {
                TaskFeatures f = TaskFeatures.of(task);
                float[] v = vectors.computeIfAbsent(task.id(), id -> embedder == null ? MemoryIndex.normalized(f.vector())
                        : embedder.embed(TaskFeatures.embeddingText(task)));
                boolean escalation = open.containsKey(task.id());
                Decision d = escalation ? engine.escalate(task, f, v, specs(pool, candidates), random)
                        : engine.decide(task, f, v, specs(pool, candidates), random);
                open.put(task.id(), d);
                return d.model();
            }

            public void observe(RouteTask task, String model, double score, double cost) {
                Decision d = open.get(task.id());
                TaskFeatures f = TaskFeatures.of(task);
                engine.learn(new Experience(seq[0]++, d.decisionId(), task.id(), task.dimension(), task.language(), model,
                        score, cost, score - lambda * cost, null, Instant.EPOCH, f.encode(), vectors.get(task.id()),
                        RoutingEngine.encodeLosses(RoutingEngine.losses(d, model, score))), f);
            }
        };
    }

    static List<ModelSpec> specs(List<ModelSpec> pool, List<String> names) {
        Map<String, ModelSpec> byName = new HashMap<>();
        pool.forEach(m -> byName.put(m.name(), m));
        return names.stream().map(n -> byName.getOrDefault(n, new ModelSpec(n, null, null, 0, 0, true))).toList();
    }

    private interface Chooser {
        String choose(RouteTask task, List<String> candidates, Random random);
    }

    private static Policy simple(String name, Chooser chooser) {
        return new Policy() {
            public String name() {
                return name;
            }

            public String choose(RouteTask task, List<String> candidates, Random random) {
                return chooser.choose(task, candidates, random);
            }

            public void observe(RouteTask task, String model, double score, double cost) {
            }
        };
    }
}
