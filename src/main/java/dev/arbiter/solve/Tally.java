package dev.arbiter.solve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Weighted evidence per candidate (a dimension or a language), keeping what each piece was so it can be said. */
final class Tally<K> {
    private record Piece(double amount, String label) {
    }

    private final Map<K, Double> scores = new LinkedHashMap<>();
    private final Map<K, List<Piece>> pieces = new LinkedHashMap<>();

    void add(K key, double amount, String label) {
        if (amount <= 0) {
            return;
        }
        scores.merge(key, amount, Double::sum);
        pieces.computeIfAbsent(key, k -> new ArrayList<>()).add(new Piece(amount, label));
    }

    void addAll(Tally<K> other) {
        other.pieces.forEach((key, list) -> list.forEach(piece -> add(key, piece.amount(), piece.label())));
    }

    double score(K key) {
        return scores.getOrDefault(key, 0.0);
    }

    /** The highest-scoring key; ties go to the one first in {@code order}, then to the first added. */
    Optional<K> best(List<K> order) {
        return scores.entrySet().stream()
                .max(Comparator.<Map.Entry<K, Double>>comparingDouble(Map.Entry::getValue)
                        .thenComparing(e -> -rank(order, e.getKey())))
                .map(Map.Entry::getKey);
    }

    /** The labels of a key's strongest pieces, strongest first, at most {@code n}, joined by ", ". */
    String why(K key, int n) {
        return pieces.getOrDefault(key, List.of()).stream()
                .sorted(Comparator.comparingDouble(Piece::amount).reversed())
                .limit(n).map(Piece::label).distinct().collect(Collectors.joining(", "));
    }

    private static <K> int rank(List<K> order, K key) {
        int i = order.indexOf(key);
        return i < 0 ? order.size() : i;
    }
}
