package dev.arbiter.solve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.solve.LabelledConversations.Labelled;
import dev.arbiter.verifier.Dimension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link TaskInference} on labelled conversations built from ../shared/datasets (see {@link LabelledConversations}):
 * prints dimension accuracy overall, per dimension (with its main confusions) and per source, and language accuracy
 * per language ({@code -Dinference.misses=N} also prints N misses per source). Fails, saying so, when the data is
 * missing. The floors are the figures of docs/solve-inference.md (0.975 and 0.996) minus about five points: a
 * regression guard, not a target.
 */
class TaskInferenceMeasurementTest {
    private static final Path DATA = Path.of(System.getProperty("arbiter.datasets", "../shared/datasets"));
    static final double DIMENSION_FLOOR = 0.92;
    static final double LANGUAGE_FLOOR = 0.94;

    @Test
    void inferenceOnLabelledConversations() {
        assertTrue(Files.isDirectory(DATA.resolve("humanevalpack")) && Files.isDirectory(DATA.resolve("evalplus"))
                        && Files.isDirectory(DATA.resolve("quixbugs")),
                "the labelled datasets are missing: expected {humanevalpack,evalplus,quixbugs} in ../shared/datasets beside the "
                        + "project or in -Darbiter.datasets=DIR (looked in " + DATA.toAbsolutePath().normalize() + ")");
        List<Labelled> cases = LabelledConversations.build(DATA);
        TaskInference inference = new TaskInference();
        Map<Dimension, Map<Dimension, Integer>> confusion = new EnumMap<>(Dimension.class);
        Map<String, int[]> bySource = new TreeMap<>();
        Map<String, int[]> byLanguage = new TreeMap<>();
        Map<String, Map<String, Integer>> languageMisses = new TreeMap<>();
        Map<String, Integer> shown = new TreeMap<>();
        int showMisses = Integer.getInteger("inference.misses", 0);
        int dimensionHits = 0;
        int languageHits = 0;
        long start = System.nanoTime();
        for (Labelled c : cases) {
            TaskInference.Inferred got = inference.infer(c.messages());
            boolean hit = got.dimension() == c.dimension();
            dimensionHits += hit ? 1 : 0;
            confusion.computeIfAbsent(c.dimension(), d -> new EnumMap<>(Dimension.class)).merge(got.dimension(), 1, Integer::sum);
            count(bySource, c.source(), hit);
            String want = Objects.toString(c.language(), "(none)");
            boolean langHit = Objects.equals(c.language(), got.language());
            languageHits += langHit ? 1 : 0;
            count(byLanguage, want, langHit);
            if ((!hit || !langHit) && shown.merge(c.source() + (hit ? " language" : " dimension"), 1, Integer::sum) <= showMisses) {
                String text = c.messages().get(c.messages().size() - 1).content();
                System.out.printf("MISS %s want %s/%s got %s/%s: %s%n    %s%n", c.source(), c.dimension().wireName(), c.language(),
                        got.dimension().wireName(), got.language(), got.basis(), text.substring(0, Math.min(300, text.length())).replace("\n", "\n    "));
            }
            if (!langHit) {
                languageMisses.computeIfAbsent(want, k -> new TreeMap<>()).merge(Objects.toString(got.language(), "(none)"), 1, Integer::sum);
            }
        }
        double micros = (System.nanoTime() - start) / 1e3 / cases.size();
        double dimensionAccuracy = (double) dimensionHits / cases.size();
        double languageAccuracy = (double) languageHits / cases.size();
        System.out.printf("%nTaskInference on %d labelled conversations (%.0f us each)%n", cases.size(), micros);
        System.out.printf("dimension accuracy %.3f, language accuracy %.3f%n", dimensionAccuracy, languageAccuracy);
        System.out.println("| dimension | n | accuracy | main confusions |");
        System.out.println("|---|---:|---:|---|");
        confusion.forEach((want, row) -> {
            int n = row.values().stream().mapToInt(Integer::intValue).sum();
            String misses = row.entrySet().stream().filter(e -> e.getKey() != want)
                    .sorted(Map.Entry.<Dimension, Integer>comparingByValue().reversed()).limit(3)
                    .map(e -> e.getKey().wireName() + " " + e.getValue()).collect(Collectors.joining(", "));
            System.out.printf("| %s | %d | %.3f | %s |%n", want.wireName(), n, (double) row.getOrDefault(want, 0) / n, misses);
        });
        System.out.println("| source | n | dimension accuracy |");
        System.out.println("|---|---:|---:|");
        bySource.forEach((s, r) -> System.out.printf("| %s | %d | %.3f |%n", s, r[0], (double) r[1] / r[0]));
        System.out.println("| language (label) | n | accuracy | inferred instead |");
        System.out.println("|---|---:|---:|---|");
        byLanguage.forEach((l, r) -> System.out.printf("| %s | %d | %.3f | %s |%n", l, r[0], (double) r[1] / r[0],
                languageMisses.getOrDefault(l, Map.of())));
        assertTrue(dimensionAccuracy >= DIMENSION_FLOOR, "dimension accuracy " + dimensionAccuracy + " fell below " + DIMENSION_FLOOR);
        assertTrue(languageAccuracy >= LANGUAGE_FLOOR, "language accuracy " + languageAccuracy + " fell below " + LANGUAGE_FLOOR);
    }

    private static void count(Map<String, int[]> table, String key, boolean hit) {
        int[] r = table.computeIfAbsent(key, k -> new int[2]);
        r[0]++;
        r[1] += hit ? 1 : 0;
    }
}
