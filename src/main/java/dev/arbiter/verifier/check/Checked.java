package dev.arbiter.verifier.check;

import dev.arbiter.verifier.Verdict;
import dev.arbiter.verifier.scoring.ConfidenceScorer.Evidence;
import dev.arbiter.verifier.signal.structure.StructureReport;

/**
 * What one check found, before scoring: the verdict without its final confidence, the evidence to score, and the
 * dimension-specific reports that go into the verdict's signals.
 */
public record Checked(Verdict verdict, Evidence evidence, StructureReport structure, Verdict.MutationReport mutation,
        Verdict.RuleReport rules) {

    public Checked(Verdict verdict, Evidence evidence) {
        this(verdict, evidence, null, null, null);
    }
}
