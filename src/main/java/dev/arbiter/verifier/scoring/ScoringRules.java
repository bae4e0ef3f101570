package dev.arbiter.verifier.scoring;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arbiter.verifier.Dimension;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * verifier-rules/scoring.yaml: per-dimension signal weights and the gates that cap the confidence. Invalid rules are
 * refused with the file, the line and the problem.
 */
public record ScoringRules(Map<Dimension, Map<String, Double>> weights, Map<Gate, Double> gates,
        Map<Dimension, List<double[]>> calibration) {
    public static final Set<String> SIGNALS = Set.of("tests", "ast", "structure", "kill_rate", "rules", "judge");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record File(@JsonProperty(value = "default", required = true) Map<String, Double> defaults,
            @JsonProperty("dimensions") Map<String, Map<String, Double>> dimensions,
            @JsonProperty(value = "gates", required = true) Map<String, Double> gates,
            @JsonProperty("calibration") Map<String, List<List<Double>>> calibration) {
    }

    public ScoringRules(Map<Dimension, Map<String, Double>> weights, Map<Gate, Double> gates) {
        this(weights, gates, Map.of());
    }

    /**
     * The weighted score mapped through the dimension's calibration curve (points (score, observed pass rate),
     * linear between them), or unchanged when the dimension has none.
     */
    public double calibrate(Dimension dimension, double score) {
        List<double[]> points = calibration.get(dimension);
        if (points == null || points.isEmpty()) {
            return score;
        }
        return dev.arbiter.verifier.scoring.fit.IsotonicCalibration.apply(points, score);
    }

    public Map<String, Double> weightsFor(Dimension dimension) {
        return weights.get(dimension);
    }

    public static ScoringRules load(Path file) {
        File raw;
        try {
            raw = YAML.readValue(file.toFile(), File.class);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalStateException(file + (loc != null ? ":" + loc.getLineNr() : "") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        checkWeights("default", raw.defaults(), problems);
        Map<Dimension, Map<String, Double>> weights = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            weights.put(d, Map.copyOf(raw.defaults()));
        }
        if (raw.dimensions() != null) {
            raw.dimensions().forEach((name, w) -> {
                try {
                    Dimension d = Dimension.fromWire(name);
                    checkWeights("dimensions." + name, w, problems);
                    weights.put(d, Map.copyOf(w));
                } catch (IllegalArgumentException e) {
                    problems.add("dimensions." + name + ": " + e.getMessage());
                }
            });
        }
        Map<Gate, Double> gates = new EnumMap<>(Gate.class);
        raw.gates().forEach((gate, cap) -> {
            Gate known = Gate.named(gate).orElse(null);
            if (known == null) {
                problems.add("gates." + gate + ": unknown gate; known: " + java.util.Arrays.toString(Gate.values()));
            } else if (cap == null || cap < 0 || cap > 1) {
                problems.add("gates." + gate + ": a cap must be within [0, 1]");
            } else {
                gates.put(known, cap);
            }
        });
        if (gates.size() < Gate.values().length) {
            problems.add("gates: every gate needs a cap: " + java.util.Arrays.toString(Gate.values()));
        }
        Map<Dimension, List<double[]>> calibration = new EnumMap<>(Dimension.class);
        if (raw.calibration() != null) {
            raw.calibration().forEach((name, points) -> {
                try {
                    calibration.put(Dimension.fromWire(name), checkCurve("calibration." + name, points, problems));
                } catch (IllegalArgumentException e) {
                    problems.add("calibration." + name + ": " + e.getMessage());
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems.stream().map(p -> file + ":" + lineOf(file, p) + ": " + p).toList()));
        }
        return new ScoringRules(weights, Map.copyOf(gates), Map.copyOf(calibration));
    }

    /** The line of the last key of a problem's path ("dimensions.poetry: ..." -> the line holding "poetry:"). */
    private static int lineOf(Path file, String problem) {
        String path = problem.substring(0, problem.indexOf(':'));
        String key = path.substring(path.lastIndexOf('.') + 1);
        try {
            List<String> lines = java.nio.file.Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).replaceAll("#.*$", "");
                if (line.matches(".*(^|[\\s{,])" + java.util.regex.Pattern.quote(key) + "\\s*:.*")) {
                    return i + 1;
                }
            }
        } catch (IOException ignored) {
            // the path still names the place
        }
        return 1;
    }

    /** A calibration curve: [score, pass rate] pairs within [0, 1], scores increasing, rates never decreasing. */
    private static List<double[]> checkCurve(String where, List<List<Double>> points, List<String> problems) {
        List<double[]> curve = new ArrayList<>();
        if (points == null || points.isEmpty()) {
            problems.add(where + ": needs at least one [score, rate] point");
            return curve;
        }
        for (List<Double> p : points) {
            if (p == null || p.size() != 2 || p.contains(null) || p.get(0) < 0 || p.get(0) > 1 || p.get(1) < 0 || p.get(1) > 1) {
                problems.add(where + ": each point is [score, rate] with both within [0, 1]");
                return curve;
            }
            double[] point = {p.get(0), p.get(1)};
            if (!curve.isEmpty() && (point[0] <= curve.get(curve.size() - 1)[0] || point[1] < curve.get(curve.size() - 1)[1])) {
                problems.add(where + ": scores must increase and rates must not decrease");
                return curve;
            }
            curve.add(point);
        }
        return List.copyOf(curve);
    }

    private static void checkWeights(String where, Map<String, Double> w, List<String> problems) {
        if (w == null || w.isEmpty()) {
            problems.add(where + ": needs weights");
            return;
        }
        w.forEach((signal, weight) -> {
            if (!SIGNALS.contains(signal)) {
                problems.add(where + "." + signal + ": unknown signal; known: " + SIGNALS);
            } else if (weight == null || weight < 0) {
                problems.add(where + "." + signal + ": a weight must be 0 or more");
            }
        });
        if (w.values().stream().filter(v -> v != null).mapToDouble(Double::doubleValue).sum() <= 0) {
            problems.add(where + ": weights must not all be 0");
        }
    }
}
