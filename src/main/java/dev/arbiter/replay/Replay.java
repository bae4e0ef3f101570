package dev.arbiter.replay;

import dev.arbiter.verifier.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Replays a task stream through a policy: for each task in order the policy chooses with only its own earlier
 * outcomes to go on, and only the chosen model's outcome is revealed (in cascade mode, every attempt's, each
 * attempt's cost counted, until one scores at least the threshold or the attempts run out; the task's score is
 * the best attempt's). Regret is the oracle's reward minus the policy's, reward = score - lambda x cost.
 */
public final class Replay {
    private Replay() {
    }

    /** Verify-and-escalate settings; off means one model per task. */
    public record Cascade(boolean on, double threshold, int maxAttempts) {
        public static Cascade off() {
            return new Cascade(false, 1.0, 1);
        }
    }

    /** What happened to one task. */
    public record Step(int index, String taskId, Dimension dimension, List<String> attempts, double score, double cost,
            double reward, double oracleReward, boolean oracleChoice) {
        public double regret() {
            return oracleReward - reward;
        }
    }

    /** One policy over one stream order. */
    public record Run(String policy, String order, List<Step> steps) {
        public double avgPerf() {
            return 100 * steps.stream().mapToDouble(Step::score).average().orElse(0);
        }

        public double cumReg() {
            return steps.stream().mapToDouble(Step::regret).sum();
        }

        public double totalCost() {
            return steps.stream().mapToDouble(Step::cost).sum();
        }

        public double accuracy() {
            return 100.0 * steps.stream().filter(Step::oracleChoice).count() / Math.max(1, steps.size());
        }

        public Map<String, Integer> choices() {
            Map<String, Integer> c = new LinkedHashMap<>();
            steps.forEach(s -> c.merge(s.attempts().get(0), 1, Integer::sum));
            return c;
        }
    }

    /** The stream in file order (seed 0) or shuffled by a seed. */
    public static List<ReplayData.ReplayTask> order(ReplayData data, long seed) {
        List<ReplayData.ReplayTask> tasks = new ArrayList<>(data.tasks());
        if (seed != 0) {
            java.util.Collections.shuffle(tasks, new Random(seed));
        }
        return tasks;
    }

    public static Run run(ReplayData data, long orderSeed, Supplier<Policy> fresh, double lambda, Cascade cascade, long seed) {
        Policy policy = fresh.get();
        Random random = new Random(seed * 1_000_003L + orderSeed);
        List<Step> steps = new ArrayList<>();
        int index = 0;
        for (ReplayData.ReplayTask t : order(data, orderSeed)) {
            List<String> candidates = new ArrayList<>(data.models());
            List<String> attempts = new ArrayList<>();
            double best = 0;
            double cost = 0;
            int limit = cascade.on() ? cascade.maxAttempts() : 1;
            while (attempts.size() < limit && !candidates.isEmpty()) {
                String model = policy.choose(t.task(), List.copyOf(candidates), random);
                if (model == null || !candidates.remove(model)) {
                    throw new IllegalStateException(policy.name() + " chose " + model + ", not a candidate");
                }
                ReplayData.Outcome o = t.outcomes().get(model);
                policy.observe(t.task(), model, o.score(), o.cost());
                attempts.add(model);
                best = Math.max(best, o.score());
                cost += o.cost();
                if (o.score() >= cascade.threshold()) {
                    break;
                }
            }
            double oracle = t.outcomes().values().stream().mapToDouble(o -> o.reward(lambda)).max().orElse(0);
            double first = t.outcomes().get(attempts.get(0)).reward(lambda);
            steps.add(new Step(index++, t.id(), t.task().dimension(), List.copyOf(attempts), best, cost, best - lambda * cost,
                    oracle, Math.abs(first - oracle) < 1e-12));
        }
        return new Run(policy.name(), orderSeed == 0 ? "file" : "shuffle-" + orderSeed, List.copyOf(steps));
    }
}
