package dev.arbiter.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.memory.Experience;
import dev.arbiter.memory.ExperienceStore;
import dev.arbiter.memory.MemoryConfig;
import dev.arbiter.router.Decision;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.verifier.VerificationActivity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The dashboard's reads: the newest outcomes of the experience store (never more than the memory holds), the
 * decisions behind them, and this replica's verification counts, turned into {@link Aggregates}' figures.
 */
@ApplicationScoped
public class Dashboard {
    /** Decision times read per overview: far more than a minute-by-minute chart of an hour needs to be readable. */
    private static final int DECISION_TIMES = 100_000;
    private final ExperienceStore store;
    private final Orchestrator orchestrator;
    private final VerificationActivity verifications;
    private final MemoryConfig memory;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public Dashboard(ExperienceStore store, Orchestrator orchestrator, VerificationActivity verifications,
            MemoryConfig memory, ObjectMapper json) {
        this.store = store;
        this.orchestrator = orchestrator;
        this.verifications = verifications;
        this.memory = memory;
        this.json = json;
    }

    /** The newest outcomes, at most {@code limit} and never more than the memory's capacity, oldest first. */
    public List<Experience> window(int limit) {
        return store.recent(Math.max(1, Math.min(limit, memory.capacity())));
    }

    public Overview overview(int experiences, int minutes) {
        Instant now = clock.instant();
        List<Experience> window = window(experiences);
        Map<String, Decision> decisions = decisions(window);
        List<VerificationActivity.Minute> verified = verifications.lastMinutes(minutes, now);
        Instant from = verified.get(0).start();
        Map<Instant, Long> routed = store.decisionTimes(from, DECISION_TIMES).stream()
                .collect(Collectors.groupingBy(t -> t.truncatedTo(ChronoUnit.MINUTES), Collectors.counting()));
        Map<Instant, Long> fed = window.stream().filter(e -> !e.at().isBefore(from))
                .collect(Collectors.groupingBy(e -> e.at().truncatedTo(ChronoUnit.MINUTES), Collectors.counting()));
        List<Overview.MinuteActivity> perMinute = verified.stream().map(m -> new Overview.MinuteActivity(m.start(),
                routed.getOrDefault(m.start(), 0L), m.total(), m.passed(), m.failed(), m.indeterminate(),
                fed.getOrDefault(m.start(), 0L))).toList();
        long passed = verified.stream().mapToLong(VerificationActivity.Minute::passed).sum();
        long failed = verified.stream().mapToLong(VerificationActivity.Minute::failed).sum();
        long indeterminate = verified.stream().mapToLong(VerificationActivity.Minute::indeterminate).sum();
        Overview.Verifications v = new Overview.Verifications(passed + failed + indeterminate, passed, failed,
                indeterminate, passed + failed == 0 ? null : (double) passed / (passed + failed));
        return new Overview(new Overview.Window(window.size(), verified.size(), from, now), perMinute, v,
                Aggregates.outcomes(window), Aggregates.money(window, decisions));
    }

    public Heatmap heatmap(int experiences, String by) {
        return Aggregates.heatmap(window(experiences), by);
    }

    /** The window's outcomes of one model (and dimension or language when given), newest first, at most {@code limit}. */
    public List<ExperienceView> experiences(int experiences, String model, String dimension, String language, int limit) {
        List<Experience> newestFirst = new java.util.ArrayList<>(window(experiences));
        java.util.Collections.reverse(newestFirst);
        return newestFirst.stream()
                .filter(e -> model == null || e.model().equals(model))
                .filter(e -> dimension == null || e.dimension().wireName().equals(dimension))
                .filter(e -> language == null || Objects.equals(Aggregates.column("language").apply(e), language))
                .limit(limit).map(ExperienceView::of).toList();
    }

    public List<DecisionSummary> decisions(String search, int limit) {
        return store.recentDecisions(search, limit).stream()
                .map(d -> new DecisionSummary(d.id(), d.taskId(), d.dimension(), parse(d.id(), d.body()).model(), d.at()))
                .toList();
    }

    public DecisionDetail decision(String id) {
        Decision decision = orchestrator.decision(id);
        return new DecisionDetail(decision, store.forDecision(id).stream().map(ExperienceView::of).toList());
    }

    private Map<String, Decision> decisions(List<Experience> window) {
        Map<String, Decision> out = new HashMap<>();
        store.findDecisions(window.stream().map(Experience::decisionId).distinct().toList())
                .forEach(d -> out.put(d.id(), parse(d.id(), d.body())));
        return out;
    }

    private Decision parse(String id, String body) {
        try {
            return json.readValue(body, Decision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored decision " + id + " is unreadable", e);
        }
    }
}
