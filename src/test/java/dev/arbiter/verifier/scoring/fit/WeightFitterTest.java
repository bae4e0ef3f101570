package dev.arbiter.verifier.scoring.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.scoring.ScoringRules;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightFitterTest {

    @Test
    void logisticRegressionRecoversTheCoefficientsThatMadeTheData() {
        Random r = new Random(7);
        int n = 20_000;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextDouble();
            double p = 1 / (1 + Math.exp(-(-2 + 4 * x[i][0] + 0 * x[i][1])));
            y[i] = r.nextDouble() < p ? 1 : 0;
        }
        double[] beta = LogisticRegression.fit(x, y, 1e-3);
        assertEquals(-2, beta[0], 0.15);
        assertEquals(4, beta[1], 0.25);
        assertEquals(0, beta[2], 0.2);
    }

    @Test
    void isotonicCurveNeverDecreasesAndAveragesViolators() {
        List<double[]> curve = IsotonicCalibration.fit(new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {0, 1, 0, 1}, 12);
        for (int i = 1; i < curve.size(); i++) {
            assertTrue(curve.get(i)[0] > curve.get(i - 1)[0]);
            assertTrue(curve.get(i)[1] >= curve.get(i - 1)[1]);
        }
        assertEquals(0.5, IsotonicCalibration.apply(curve, 0.25), 1e-9);
        assertEquals(1.0, IsotonicCalibration.apply(curve, 0.9), 1e-9);
    }

    @Test
    void fittingAnOverconfidentSignalImprovesCrossValidatedCalibration() {
        // "tests" says 0.95 for every answer but only 60% of those are right; "ast" is pure noise.
        Random r = new Random(3);
        List<WeightFitter.Case> cases = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            boolean good = r.nextDouble() < 0.6;
            double tests = good || r.nextDouble() < 0.5 ? 0.95 : 0.3;
            double ast = r.nextDouble();
            double now = 0.9 * tests + 0.1 * ast;
            cases.add(new WeightFitter.Case(Map.of("tests", tests, "ast", ast), List.of(), good, now));
        }
        ScoringRules rules = ScoringRules.load(Path.of("verifier-rules/scoring.yaml"));
        WeightFitter.Fit fit = WeightFitter.fit(Dimension.CODE_GENERATION, cases, rules, 5, 1);
        assertTrue(fit.eceFitted() < fit.eceNow() / 3, fit.eceFitted() + " vs " + fit.eceNow());
        assertTrue(fit.brierFitted() < fit.brierNow(), fit.brierFitted() + " vs " + fit.brierNow());
        assertTrue(fit.weights().get("tests") > 0.8, fit.weights().toString());
    }
}
