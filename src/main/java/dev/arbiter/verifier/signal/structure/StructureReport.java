package dev.arbiter.verifier.signal.structure;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A refactoring's structural comparison with the original: which callable definitions were kept, removed, changed
 * in arity or added, and how branch count and nesting moved. {@code score} in [0, 1] is the "structure" signal: the
 * original's API kept (0.6) and the code no more complex than before (0.4).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StructureReport(
        String parser,
        List<String> kept,
        List<String> removed,
        List<String> signatureChanged,
        List<String> added,
        int branchesBefore,
        int branchesAfter,
        int nestingBefore,
        int nestingAfter,
        double score) {

    public boolean apiBroken() {
        return !removed.isEmpty() || !signatureChanged.isEmpty();
    }

    public static StructureReport compare(Outline original, Outline candidate) {
        Set<String> before = original.api().stream().map(Outline.Definition::signature).collect(Collectors.toCollection(TreeSet::new));
        Set<String> after = candidate.definitions().stream().map(Outline.Definition::signature)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> afterNames = candidate.definitions().stream().map(Outline.Definition::name).collect(Collectors.toSet());
        Set<String> beforeAll = original.definitions().stream().map(Outline.Definition::signature).collect(Collectors.toSet());
        List<String> kept = before.stream().filter(after::contains).toList();
        List<String> missing = before.stream().filter(s -> !after.contains(s)).toList();
        List<String> changed = missing.stream().filter(s -> afterNames.contains(s.substring(0, s.lastIndexOf('/')))).toList();
        List<String> removed = missing.stream().filter(s -> !changed.contains(s)).toList();
        List<String> added = after.stream().filter(s -> !beforeAll.contains(s)).toList();
        double apiKept = before.isEmpty() ? 1.0 : (double) kept.size() / before.size();
        double simpler = ratio(original.branches(), candidate.branches()) * 0.5
                + ratio(original.maxNesting(), candidate.maxNesting()) * 0.5;
        double score = Math.round((0.6 * apiKept + 0.4 * simpler) * 10_000) / 10_000.0;
        return new StructureReport(candidate.parser(), kept, removed, changed, added, original.branches(),
                candidate.branches(), original.maxNesting(), candidate.maxNesting(), score);
    }

    /** 1 when the candidate is no larger than the original on a measure, shrinking towards 0 as it grows. */
    private static double ratio(int before, int after) {
        return after <= before ? 1.0 : (before + 1.0) / (after + 1.0);
    }
}
