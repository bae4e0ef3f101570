package dev.arbiter.verifier.scoring;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.signal.ast.AstReport;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the signals of a verification into a confidence in [0, 1] with the per-dimension weights, gates and
 * calibration of verifier-rules/scoring.yaml. k of n passed tests are evidence with uncertainty: the posterior mean
 * of the pass rate under a Jeffreys Beta(1/2, 1/2) prior, (k + 1/2) / (n + 1), so 7 of 7 gives 0.94 and 1 of 1 only
 * 0.75. No signal at all (an indeterminate run) gives 0.5.
 */
@ApplicationScoped
@Startup
public class ConfidenceScorer {
    private final ScoringRules rules;

    @Inject
    public ConfidenceScorer(@ConfigProperty(name = "arbiter.verifier.rules-dir", defaultValue = "verifier-rules") String dir) {
        this(ScoringRules.load(Path.of(dir, "scoring.yaml")));
    }

    public ConfidenceScorer(ScoringRules rules) {
        this.rules = rules;
    }

    /**
     * The evidence of one verification: the run's status and tests, the AST report, further signals by name (for
     * example structure, kill_rate, rules, judge) and further gates that apply (for example api_changed).
     */
    public record Evidence(Status status, Dimension dimension, Reason reason, boolean gated, int passed, int total,
            AstReport ast, Map<String, Double> extra, Set<Gate> gates) {
        public Evidence(Status status, Dimension dimension, Reason reason, boolean gated, int passed, int total,
                AstReport ast) {
            this(status, dimension, reason, gated, passed, total, ast, Map.of(), Set.of());
        }

        public Evidence withSignal(String name, double score) {
            Map<String, Double> more = new LinkedHashMap<>(extra);
            more.put(name, score);
            return new Evidence(status, dimension, reason, gated, passed, total, ast, Map.copyOf(more), gates);
        }

        public Evidence withGate(Gate gate) {
            Set<Gate> more = new java.util.LinkedHashSet<>(gates);
            more.add(gate);
            return new Evidence(status, dimension, reason, gated, passed, total, ast, extra, Set.copyOf(more));
        }
    }

    /** The confidence, the signals it was weighed from and the gates that apply (each caps it). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Assessment(double confidence, Map<String, Double> signals, List<String> gates) {
    }

    public double score(Evidence e) {
        return assess(e).confidence();
    }

    public Assessment assess(Evidence e) {
        if (e.status() == Status.INDETERMINATE) {
            return new Assessment(0.5, Map.of(), List.of());
        }
        if (e.gated()) {
            double cap = Math.min(rules.gates().get(Gate.SYNTAX_ERROR), rules.gates().get(Gate.COMPILE_ERROR));
            return new Assessment(round(cap), Map.of(), List.of(e.reason().wireName()));
        }
        Map<String, Double> signals = signals(e);
        Map<String, Double> weights = rules.weightsFor(e.dimension());
        boolean weighed = signals.keySet().stream().anyMatch(k -> weights.getOrDefault(k, 0.0) > 0);
        double confidence = weighed ? rules.calibrate(e.dimension(), weightedMean(weights, signals)) : 0.5;
        List<Gate> hit = gates(e);
        for (Gate gate : hit) {
            confidence = Math.min(confidence, rules.gates().get(gate));
        }
        signals.replaceAll((k, v) -> round(v));
        return new Assessment(round(confidence), signals, hit.stream().map(Gate::wireName).toList());
    }

    /** sum(weight x score) / sum(weight) over the signals present; 0.5 when none of them has a weight. */
    public static double weightedMean(Map<String, Double> weights, Map<String, Double> signals) {
        double sum = 0;
        double weight = 0;
        for (var s : signals.entrySet()) {
            double w = weights.getOrDefault(s.getKey(), 0.0);
            sum += w * s.getValue();
            weight += w;
        }
        return weight == 0 ? 0.5 : sum / weight;
    }

    private static List<Gate> gates(Evidence e) {
        List<Gate> gates = new ArrayList<>();
        if (e.reason().killCause() != null) {
            gates.add(Gate.SANDBOX_VIOLATION);
        }
        if (e.ast() != null && !e.ast().forbidden().isEmpty()) {
            gates.add(Gate.FORBIDDEN_CONSTRUCT);
        }
        if (e.ast() != null && !e.ast().placeholders().isEmpty()) {
            gates.add(Gate.PLACEHOLDER);
        }
        if (e.status() == Status.FAILED && e.total() > 0 && e.passed() < e.total()) {
            gates.add(Gate.TESTS_FAILED);
        }
        gates.addAll(e.gates());
        return gates;
    }

    /** Signal scores: tests when any ran, ast when a Tree-sitter report exists, then the extra signals. */
    static Map<String, Double> signals(Evidence e) {
        Map<String, Double> signals = new LinkedHashMap<>();
        if (e.total() > 0) {
            signals.put("tests", (e.passed() + 0.5) / (e.total() + 1.0));
        }
        if (e.ast() != null) {
            double ast = e.ast().parses() ? 1.0 : 0.0;
            if (Boolean.FALSE.equals(e.ast().entryPointDefined())) {
                ast *= 0.5;
            }
            if (!e.ast().forbidden().isEmpty()) {
                ast -= 0.5;
            }
            if (!e.ast().placeholders().isEmpty()) {
                ast -= 0.5;
            }
            signals.put("ast", Math.max(0, Math.min(1, ast)));
        }
        e.extra().forEach((name, value) -> signals.put(name, Math.max(0, Math.min(1, value))));
        return signals;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
