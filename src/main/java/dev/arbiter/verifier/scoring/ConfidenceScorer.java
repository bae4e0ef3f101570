package dev.arbiter.verifier.scoring;

import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.signal.ast.AstReport;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns the signals of a verification into a confidence in [0, 1] with the per-dimension weights and gates of
 * verifier-rules/scoring.yaml. k of n passed tests are evidence with uncertainty: the posterior mean of the pass rate
 * under a Jeffreys Beta(1/2, 1/2) prior, (k + 1/2) / (n + 1), so 7 of 7 gives 0.94 and 1 of 1 only 0.75. No signal at
 * all (an indeterminate run) gives 0.5.
 */
@ApplicationScoped
@Startup
public class ConfidenceScorer {
    private static final Set<String> SANDBOX_VIOLATIONS = Set.of("timeout", "memory_limit", "output_limit", "signal",
            "container_died");
    private final ScoringRules rules;

    @Inject
    public ConfidenceScorer(@ConfigProperty(name = "arbiter.verifier.rules-dir", defaultValue = "verifier-rules") String dir) {
        this(ScoringRules.load(Path.of(dir, "scoring.yaml")));
    }

    public ConfidenceScorer(ScoringRules rules) {
        this.rules = rules;
    }

    /** The evidence of one verification that the score is made from. */
    public record Evidence(Status status, Dimension dimension, String reason, boolean gated, int passed, int total,
            AstReport ast) {
    }

    public double score(Evidence e) {
        if (e.status() == Status.INDETERMINATE) {
            return 0.5;
        }
        if (e.gated()) {
            return round(Math.min(rules.gates().get("syntax_error"), rules.gates().get("compile_error")));
        }
        Map<String, Double> signals = signals(e);
        if (signals.isEmpty()) {
            return 0.5;
        }
        Map<String, Double> weights = rules.weightsFor(e.dimension());
        double sum = 0;
        double weight = 0;
        for (var s : signals.entrySet()) {
            double w = weights.getOrDefault(s.getKey(), 0.0);
            sum += w * s.getValue();
            weight += w;
        }
        double confidence = weight == 0 ? 0.5 : sum / weight;
        if (SANDBOX_VIOLATIONS.contains(e.reason())) {
            confidence = Math.min(confidence, rules.gates().get("sandbox_violation"));
        }
        if (e.ast() != null && !e.ast().forbidden().isEmpty()) {
            confidence = Math.min(confidence, rules.gates().get("forbidden_construct"));
        }
        if (e.ast() != null && !e.ast().placeholders().isEmpty()) {
            confidence = Math.min(confidence, rules.gates().get("placeholder"));
        }
        return round(confidence);
    }

    /** Signal scores: tests when any ran, ast when a Tree-sitter report exists. */
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
        return signals;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
