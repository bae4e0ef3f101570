package dev.arbiter.dashboard;

import dev.arbiter.memory.Experience;
import dev.arbiter.router.Decision;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The dashboard's figures from recorded outcomes and their decisions: pure functions, no store. */
public final class Aggregates {
    private Aggregates() {
    }

    /** Count and sums of score, cost and reward of a group of outcomes. */
    private static final class Sums {
        int n;
        double score;
        double cost;
        double reward;

        void add(Experience e) {
            n++;
            score += e.score();
            cost += e.cost();
            reward += e.reward();
        }
    }

    public static Overview.Outcomes outcomes(List<Experience> window) {
        Sums all = new Sums();
        window.forEach(all::add);
        int decisions = (int) window.stream().map(Experience::decisionId).distinct().count();
        return new Overview.Outcomes(all.n, decisions, all.n == 0 ? null : all.score / all.n,
                all.n == 0 ? null : all.reward / all.n);
    }

    /**
     * Money spent on the window's outcomes against "the dearest candidate every time" and "the best single model in
     * hindsight" (the model with the highest mean reward on its own outcomes in the window; ties go to the cheaper,
     * then to the first name). Each baseline costs, per decision that has an outcome in the window, the model's
     * expected cost in that decision's ranking; a decision no longer stored, or whose ranking lacks the model, counts
     * what was spent on it.
     */
    public static Overview.Money money(List<Experience> window, Map<String, Decision> decisions) {
        Map<String, Double> spentPer = new LinkedHashMap<>();
        window.forEach(e -> spentPer.merge(e.decisionId(), e.cost(), Double::sum));
        double spent = spentPer.values().stream().mapToDouble(Double::doubleValue).sum();

        double dearestCost = 0;
        Map<String, Integer> dearestModels = new HashMap<>();
        for (Map.Entry<String, Double> d : spentPer.entrySet()) {
            Decision decision = decisions.get(d.getKey());
            Decision.Ranked dearest = decision == null ? null : decision.ranking().stream()
                    .max(Comparator.comparingDouble(Decision.Ranked::expectedCost)).orElse(null);
            if (dearest == null) {
                dearestCost += d.getValue();
            } else {
                dearestCost += dearest.expectedCost();
                dearestModels.merge(dearest.model(), 1, Integer::sum);
            }
        }
        String dearestModel = dearestModels.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
        Overview.Baseline mostExpensive = new Overview.Baseline(dearestModel, dearestCost, dearestCost - spent, null, null);

        Map<String, Sums> perModel = group(window, Experience::model);
        Map.Entry<String, Sums> best = perModel.entrySet().stream().min(Comparator
                .comparingDouble((Map.Entry<String, Sums> m) -> -m.getValue().reward / m.getValue().n)
                .thenComparingDouble(m -> m.getValue().cost / m.getValue().n)
                .thenComparing(Map.Entry::getKey)).orElse(null);
        if (best == null) {
            return new Overview.Money(spent, mostExpensive, new Overview.Baseline(null, 0, 0, null, null));
        }
        String bestModel = best.getKey();
        double bestCost = 0;
        for (Map.Entry<String, Double> d : spentPer.entrySet()) {
            Decision decision = decisions.get(d.getKey());
            Decision.Ranked ranked = decision == null ? null : decision.ranked(bestModel);
            bestCost += ranked == null ? d.getValue() : ranked.expectedCost();
        }
        Sums b = best.getValue();
        return new Overview.Money(spent, mostExpensive,
                new Overview.Baseline(bestModel, bestCost, bestCost - spent, b.score / b.n, b.reward / b.n));
    }

    /** The heat map by dimension ({@code "dimension"}) or by language ({@code "language"}). */
    public static Heatmap heatmap(List<Experience> window, String by) {
        Function<Experience, String> column = column(by);
        Map<String, Map<String, Sums>> cells = new HashMap<>();
        for (Experience e : window) {
            cells.computeIfAbsent(e.model(), m -> new HashMap<>()).computeIfAbsent(column.apply(e), c -> new Sums()).add(e);
        }
        List<String> models = new ArrayList<>(new TreeSet<>(cells.keySet()));
        List<String> columns = new ArrayList<>(cells.values().stream().flatMap(m -> m.keySet().stream())
                .collect(Collectors.toCollection(TreeSet::new)));
        List<Heatmap.Cell> out = new ArrayList<>();
        for (String model : models) {
            for (String c : columns) {
                Sums s = cells.get(model).get(c);
                if (s != null) {
                    out.add(new Heatmap.Cell(model, c, s.n, s.score / s.n, s.cost / s.n, s.reward / s.n));
                }
            }
        }
        return new Heatmap(by, window.size(), models, columns, out);
    }

    /** What a heat map column of {@code by} is for one outcome; a language not recorded is "unknown". */
    public static Function<Experience, String> column(String by) {
        if ("language".equals(by)) {
            return e -> e.language() == null ? "unknown" : e.language();
        }
        if ("dimension".equals(by)) {
            return e -> e.dimension().wireName();
        }
        throw new IllegalArgumentException("by must be dimension or language");
    }

    private static Map<String, Sums> group(List<Experience> window, Function<Experience, String> key) {
        Map<String, Sums> out = new LinkedHashMap<>();
        window.forEach(e -> out.computeIfAbsent(key.apply(e), k -> new Sums()).add(e));
        return out;
    }
}
