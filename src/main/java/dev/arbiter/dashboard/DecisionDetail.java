package dev.arbiter.dashboard;

import dev.arbiter.router.Decision;
import java.util.List;

/** A decision with the outcomes recorded for it (one per model that gave feedback), oldest first. */
public record DecisionDetail(Decision decision, List<ExperienceView> outcomes) {
}
