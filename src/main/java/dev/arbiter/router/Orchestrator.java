package dev.arbiter.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.memory.Embedder;
import dev.arbiter.memory.Experience;
import dev.arbiter.memory.ExperienceStore;
import dev.arbiter.memory.MemoryConfig;
import dev.arbiter.memory.MemoryIndex;
import dev.arbiter.memory.SharedHistory;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The orchestrator as the service runs it: routes tasks with the {@link RoutingEngine}, persists every decision so
 * feedback can come later, turns verified feedback into durable experiences (idempotently per decision and model)
 * and lets the engine learn from them. At start-up it rebuilds the engine from the stored experiences.
 */
@ApplicationScoped
public class Orchestrator {
    private static final Logger LOG = Logger.getLogger(Orchestrator.class);
    private static final int TRIM_EVERY = 200;

    private final RoutingEngine engine;
    private final ModelPool pool;
    private final ExperienceStore store;
    private final Embedder embedder;
    private final MemoryConfig memoryConfig;
    private final ObjectMapper json;
    private final Random random = new Random();
    private final AtomicLong appended = new AtomicLong();
    /**
     * How long a skipped experience number is awaited: far longer than an autocommitted one-row insert takes from
     * drawing its number to committing, even on a loaded database.
     */
    private static final java.time.Duration GAP_LIFETIME = java.time.Duration.ofSeconds(60);
    private final SharedHistory history;

    public Orchestrator(ModelPool pool, RouterConfig config, MemoryConfig memoryConfig, ExperienceStore store,
            Embedder embedder, ObjectMapper json) {
        this.pool = pool;
        this.store = store;
        this.embedder = embedder;
        this.memoryConfig = memoryConfig;
        this.json = json;
        Prior prior = config.prior().filter(p -> !p.isBlank()).map(p -> Prior.load(Path.of(p))).orElse(Prior.none());
        MemoryIndex index = new MemoryIndex(memoryConfig.capacity(),
                memoryConfig.embeddings() ? Embedder.DIMENSIONS : TaskFeatures.WIDTH);
        RoutingEngine.Settings d = RoutingEngine.Settings.defaults(config.lambda(), memoryConfig.topK(), memoryConfig.threshold());
        this.engine = new RoutingEngine(prior, index, new RoutingEngine.Settings(d.lambda(), d.topK(), d.threshold(),
                d.ucbAlpha(), d.tsScale(), d.eta(), config.escalationLambda()), config.assumedOutputTokens());
        List<Experience> kept = store.recent(memoryConfig.capacity());
        kept.forEach(e -> engine.learn(e, TaskFeatures.parse(e.features())));
        this.history = new SharedHistory(kept, GAP_LIFETIME, System.nanoTime());
        LOG.infof("orchestrator ready: %d models, prior %s, %d experiences remembered", pool.enabled().size(),
                prior.source(), kept.size());
    }

    /** Builds the orchestrator at start-up unless arbiter.router.eager is off ({@link RouterConfig#eager()}). */
    static void onStart(@Observes StartupEvent event, RouterConfig config, Instance<Orchestrator> orchestrator) {
        if (config.eager()) {
            orchestrator.get().remembered();
        }
    }

    /** Experiences in memory now. */
    public int remembered() {
        return engine.memory().size();
    }

    public Decision route(RouteRequest request) {
        RouteTask task = request.task();
        List<ModelSpec> candidates = request.allowedModels() == null ? pool.enabled()
                : request.allowedModels().stream().distinct().map(m -> pool.require(m, "allowedModels")).toList();
        if (request.maxCost() != null) {
            candidates = candidates.stream().filter(m -> engine.expectedCost(task, m) <= request.maxCost()).toList();
            if (candidates.isEmpty()) {
                throw new InvalidFeedbackException("maxCost", "no allowed model is expected to cost at most " + request.maxCost() + " USD");
            }
        }
        TaskFeatures features = TaskFeatures.of(task);
        float[] vector = vector(task, features);
        Decision decision = engine.decide(task, features, vector, candidates, random);
        try {
            store.saveDecision(new ExperienceStore.StoredDecision(decision.decisionId(), task.id(),
                    task.dimension().wireName(), features.encode(), vector, json.writeValueAsString(decision)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise decision", e);
        }
        return decision;
    }

    public Decision decision(String id) {
        return parse(stored(id));
    }

    private ExperienceStore.StoredDecision stored(String id) {
        return store.findDecision(id).orElseThrow(() -> new DecisionNotFoundException(id));
    }

    private Decision parse(ExperienceStore.StoredDecision stored) {
        try {
            return json.readValue(stored.body(), Decision.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored decision " + stored.id() + " is unreadable", e);
        }
    }

    public FeedbackResult feedback(FeedbackRequest f) {
        ExperienceStore.StoredDecision stored = stored(f.decisionId());
        ModelSpec model = pool.require(f.model(), "model");
        double score = score(f);
        Decision decision = parse(stored);
        Decision.Ranked ranked = decision.ranked(model.name());
        double cost = f.cost() != null ? f.cost() : ranked != null ? ranked.expectedCost() : 0;
        TaskFeatures features = TaskFeatures.parse(stored.features());
        String language = features.tokens().stream().filter(t -> t.startsWith("lang:")).map(t -> t.substring(5))
                .findFirst().orElse(null);
        Experience experience = new Experience(0, f.decisionId(), stored.taskId(), decision.dimension(), language,
                model.name(), score, cost, score - engine.lambda() * cost, f.verdictId(), Instant.now(),
                stored.features(), stored.vector(),
                RoutingEngine.encodeLosses(RoutingEngine.losses(decision, model.name(), score)));
        ExperienceStore.Appended result = store.append(experience);
        if (result.created() && history.claim(result.experience().seq())) {
            engine.learn(result.experience(), features);
            if (appended.incrementAndGet() % TRIM_EVERY == 0) {
                store.trim(memoryConfig.capacity());
            }
        }
        Experience e = result.experience();
        return new FeedbackResult(e.decisionId(), e.model(), e.seq(), e.score(), e.cost(), e.reward(), !result.created());
    }

    /**
     * Learns the experiences other replicas recorded in the shared store since the last call (a no-op in effect
     * for a store only this process uses). Returns how many were learned.
     */
    public int learnShared() {
        List<Experience> fresh = history.poll(store, System.nanoTime());
        fresh.forEach(e -> engine.learn(e, TaskFeatures.parse(e.features())));
        return fresh.size();
    }

    /** Attempts recorded for a decision so far (one per model that gave feedback) and what they cost. */
    public record Spent(int attempts, double cost, List<String> models) {
    }

    /**
     * The next model for a decision after a verified failure: among the decision's candidates not tried yet and
     * expected to cost at most the budget, the engine's escalation choice (expected score per money). Null if none.
     */
    public String escalate(Decision decision, List<String> tried, double budget) {
        ExperienceStore.StoredDecision stored = stored(decision.decisionId());
        List<ModelSpec> untried = decision.ranking().stream()
                .filter(r -> !tried.contains(r.model()) && r.expectedCost() <= budget)
                .map(r -> pool.find(r.model()).orElse(null)).filter(java.util.Objects::nonNull).toList();
        if (untried.isEmpty()) {
            return null;
        }
        TaskFeatures features = TaskFeatures.parse(stored.features());
        RouteTask task = new RouteTask(stored.taskId(), decision.dimension(), null, null, null, null);
        return engine.escalate(task, features, stored.vector(), untried, random).model();
    }

    public Spent spent(String decisionId) {
        List<Experience> recorded = store.forDecision(decisionId);
        return new Spent(recorded.size(), recorded.stream().mapToDouble(Experience::cost).sum(),
                recorded.stream().map(Experience::model).toList());
    }

    public double lambda() {
        return engine.lambda();
    }

    public ModelPool pool() {
        return pool;
    }

    private static double score(FeedbackRequest f) {
        if (f.score() != null) {
            return f.score();
        }
        if (f.verdict() == null) {
            throw new InvalidFeedbackException("score", "give a score in [0, 1] or a verdict");
        }
        String status = f.verdict().status();
        if ("indeterminate".equals(status)) {
            throw new InvalidFeedbackException("verdict.status",
                    "an indeterminate verdict says nothing about the model; it is not remembered");
        }
        if (!"passed".equals(status) && !"failed".equals(status)) {
            throw new InvalidFeedbackException("verdict.status", "must be passed, failed or indeterminate");
        }
        if (f.verdict().confidence() == null) {
            throw new InvalidFeedbackException("verdict.confidence", "a verdict needs its confidence");
        }
        return f.verdict().confidence();
    }

    private float[] vector(RouteTask task, TaskFeatures features) {
        if (!memoryConfig.embeddings()) {
            return MemoryIndex.normalized(features.vector());
        }
        return embedder.embed(TaskFeatures.embeddingText(task));
    }
}
