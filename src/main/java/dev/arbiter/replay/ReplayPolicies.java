package dev.arbiter.replay;

import dev.arbiter.memory.Embedder;
import dev.arbiter.router.ModelSpec;
import dev.arbiter.router.Prior;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The policies a replay can run, by name, each with a fresh instance per stream order. */
public final class ReplayPolicies {
    private final ReplayData data;
    private final Prior prior;
    private final List<ModelSpec> pool;
    private final double lambda;
    private final Embedder embedder;
    private final Replay.Cascade cascade;

    /** A runnable policy: its display name, how to make a fresh one, and whether it escalates. */
    public record Entry(String key, String name, Supplier<Policy> factory, Replay.Cascade cascade) {
    }

    public ReplayPolicies(ReplayData data, Prior prior, List<ModelSpec> pool, double lambda, Embedder embedder,
            Replay.Cascade cascade) {
        this.data = data;
        this.prior = prior;
        this.pool = pool;
        this.lambda = lambda;
        this.embedder = embedder;
        this.cascade = cascade;
    }

    public List<Entry> all() {
        List<Entry> e = new ArrayList<>();
        Replay.Cascade off = Replay.Cascade.off();
        e.add(new Entry("oracle", "Oracle", () -> Policies.oracle(data, lambda), off));
        e.add(new Entry("random", "Random", Policies::random, off));
        for (String m : data.models()) {
            e.add(new Entry("always", "Always-" + m, () -> Policies.always(m), off));
        }
        if (!prior.bestByDimension().isEmpty()) {
            e.add(new Entry("dimension-best", "DimensionBest", () -> Policies.dimensionBest(prior), off));
        }
        e.add(new Entry("knn", "kNN (k=50)", () -> Policies.knn(lambda, 50), off));
        e.add(new Entry("linucb", "LinUCB", () -> Policies.linUcb(pool, lambda), off));
        e.add(new Entry("lints", "LinTS", () -> Policies.linTs(pool, lambda), off));
        e.add(new Entry("arbiter-cold", "Arbiter (cold start)", () -> Policies.arbiter("Arbiter (cold start)", Prior.none(),
                pool, lambda, embedder), off));
        e.add(new Entry("arbiter-cold-cascade", "Arbiter cascade (cold start)", () -> Policies.arbiter("Arbiter cascade (cold start)",
                Prior.none(), pool, lambda, embedder), cascade));
        if (!prior.isEmpty()) {
            e.add(new Entry("arbiter-warm", "Arbiter (warm, " + prior.source() + ")", () -> Policies.arbiter("Arbiter (warm)", prior,
                    pool, lambda, embedder), off));
            e.add(new Entry("arbiter-warm-cascade", "Arbiter cascade (warm, " + prior.source() + ")", () -> Policies.arbiter("Arbiter cascade (warm)", prior,
                    pool, lambda, embedder), cascade));
        }
        return e;
    }

    public List<Entry> select(List<String> names) {
        if (names.contains("all")) {
            return all();
        }
        return all().stream().filter(e -> names.contains(e.key())).toList();
    }
}
