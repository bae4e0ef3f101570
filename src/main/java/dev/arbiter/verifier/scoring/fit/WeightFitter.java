package dev.arbiter.verifier.scoring.fit;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.scoring.ConfidenceScorer;
import dev.arbiter.verifier.scoring.ScoringRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Fits one dimension's signal weights and calibration curve on labelled verdicts: logistic regression of
 * correctness on the signal scores gives the weights (negative coefficients become 0), isotonic regression of
 * correctness on the re-weighted score gives the curve, and the gates still cap. Quality is measured by k-fold
 * cross-validation, so the reported Brier and ECE are for cases the fit did not see.
 */
public final class WeightFitter {
    private static final double L2 = 1e-2;
    private static final int CURVE_POINTS = 12;

    private WeightFitter() {
    }

    /** One labelled verdict: its signal scores, the gates that applied, whether the answer was correct. */
    public record Case(Map<String, Double> signals, List<String> gates, boolean correct, double confidence) {
    }

    /** The fitted weights and curve, with before/after calibration (after = cross-validated). */
    public record Fit(Dimension dimension, int cases, Map<String, Double> weights, List<double[]> curve,
            double brierNow, double eceNow, double brierFitted, double eceFitted) {
    }

    private record Model(Map<String, Double> weights, List<double[]> curve) {
    }

    public static Fit fit(Dimension dimension, List<Case> cases, ScoringRules rules, int folds, long seed) {
        List<String> names = new ArrayList<>(new TreeSet<>(cases.stream().flatMap(c -> c.signals().keySet().stream())
                .filter(ScoringRules.SIGNALS::contains).toList()));
        double[] now = cases.stream().mapToDouble(Case::confidence).toArray();
        double[] y = cases.stream().mapToDouble(c -> c.correct() ? 1 : 0).toArray();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        double[] predicted = new double[cases.size()];
        for (int f = 0; f < folds; f++) {
            List<Case> train = new ArrayList<>();
            for (int j = 0; j < order.size(); j++) {
                if (j % folds != f) {
                    train.add(cases.get(order.get(j)));
                }
            }
            Model model = model(train, names, rules.weightsFor(dimension));
            for (int j = f; j < order.size(); j += folds) {
                int i = order.get(j);
                predicted[i] = predict(model, cases.get(i), rules);
            }
        }
        Model all = model(cases, names, rules.weightsFor(dimension));
        return new Fit(dimension, cases.size(), all.weights(), all.curve(), CalibrationMetrics.brier(now, y),
                CalibrationMetrics.ece(now, y), CalibrationMetrics.brier(predicted, y), CalibrationMetrics.ece(predicted, y));
    }

    private static Model model(List<Case> train, List<String> names, Map<String, Double> current) {
        List<Case> scored = train.stream().filter(c -> !c.signals().isEmpty()).toList();
        double[][] x = new double[scored.size()][names.size()];
        double[] y = new double[scored.size()];
        for (int i = 0; i < scored.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                x[i][j] = scored.get(i).signals().getOrDefault(names.get(j), 0.0);
            }
            y[i] = scored.get(i).correct() ? 1 : 0;
        }
        double[] beta = LogisticRegression.fit(x, y, L2);
        Map<String, Double> weights = new LinkedHashMap<>();
        double sum = 0;
        for (int j = 0; j < names.size(); j++) {
            double w = Math.max(0, beta[j + 1]);
            weights.put(names.get(j), w);
            sum += w;
        }
        if (sum <= 1e-9) {
            weights.clear();
            names.forEach(n -> weights.put(n, current.getOrDefault(n, 0.0)));
            sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        }
        double total = sum;
        weights.replaceAll((k, v) -> total == 0 ? 0 : Math.round(v / total * 1000) / 1000.0);
        double[] s = scored.stream().mapToDouble(c -> ConfidenceScorer.weightedMean(weights, c.signals())).toArray();
        List<double[]> curve = scored.isEmpty() ? List.of(new double[] {0, 0}, new double[] {1, 1})
                : IsotonicCalibration.fit(s, y, CURVE_POINTS);
        return new Model(weights, curve);
    }

    private static double predict(Model model, Case c, ScoringRules rules) {
        if (c.signals().isEmpty()) {
            return c.confidence();
        }
        double p = IsotonicCalibration.apply(model.curve(), ConfidenceScorer.weightedMean(model.weights(), c.signals()));
        for (String gate : c.gates()) {
            p = Math.min(p, rules.gates().getOrDefault(gate, 0.0));
        }
        return p;
    }
}
