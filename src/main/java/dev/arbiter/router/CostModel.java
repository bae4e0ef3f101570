package dev.arbiter.router;

import dev.arbiter.verifier.Dimension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Expected cost of a call: the mean cost observed for the model on the dimension (from verified feedback, and from
 * a prior matrix), else the model's prices times the task's input tokens (given, or a quarter of the prompt's
 * characters, or 400) and an assumed output length.
 */
public class CostModel {
    private static final int DEFAULT_INPUT_TOKENS = 400;
    private final Prior prior;
    private final int assumedOutputTokens;
    private final Map<String, double[]> observed = new ConcurrentHashMap<>();

    public CostModel(Prior prior, int assumedOutputTokens) {
        this.prior = prior;
        this.assumedOutputTokens = assumedOutputTokens;
    }

    public Map<String, Double> expected(RouteTask task, List<ModelSpec> models) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ModelSpec m : models) {
            out.put(m.name(), expected(task, m));
        }
        return out;
    }

    public double expected(RouteTask task, ModelSpec model) {
        double[] seen = observed.get(key(task.dimension(), model.name()));
        if (seen != null && seen[0] > 0) {
            return seen[1] / seen[0];
        }
        var fromPrior = prior.dimension(task.dimension(), model.name());
        if (fromPrior.isPresent() && fromPrior.get().n() > 0) {
            return fromPrior.get().meanCost();
        }
        double input = task.inputTokens() != null ? task.inputTokens()
                : task.prompt() != null && !task.prompt().isEmpty() ? task.prompt().length() / 4.0 : DEFAULT_INPUT_TOKENS;
        return model.cost(input, assumedOutputTokens);
    }

    public void observe(Dimension dimension, String model, double cost) {
        observed.compute(key(dimension, model), (k, v) -> {
            double[] s = v == null ? new double[2] : v;
            s[0]++;
            s[1] += cost;
            return s;
        });
    }

    private static String key(Dimension d, String model) {
        return d.wireName() + "|" + model;
    }
}
