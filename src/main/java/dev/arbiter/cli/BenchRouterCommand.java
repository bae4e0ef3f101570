package dev.arbiter.cli;

import dev.arbiter.memory.Embedder;
import dev.arbiter.memory.Experience;
import dev.arbiter.memory.ExperienceStore;
import dev.arbiter.memory.MemoryIndex;
import dev.arbiter.router.Decision;
import dev.arbiter.router.FeedbackRequest;
import dev.arbiter.router.ModelPool;
import dev.arbiter.router.Orchestrator;
import dev.arbiter.router.Prior;
import dev.arbiter.router.RouteRequest;
import dev.arbiter.router.RouteTask;
import dev.arbiter.router.RoutingEngine;
import dev.arbiter.router.TaskFeatures;
import dev.arbiter.verifier.Dimension;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Routing speed with a full memory: top-k search over N remembered tasks, a routing decision with and without
 * embedding the task text, and the service's route and feedback calls on its own store (H2 or PostgreSQL, as
 * arbiter.db.url says), filled with as many experiences. Prints p50 / p99 per measure.
 */
@Command(mixinStandardHelpOptions = true, name = "bench-router", description = "Measure memory search and route latency with a full memory.")
public class BenchRouterCommand implements Callable<Integer> {
    private static final Dimension[] DIMENSIONS = Dimension.values();
    private static final String[] WORDS = ("sort list tree graph string parse json matrix sum count reverse merge "
            + "search path window stack queue heap prime digit palindrome interval cache file regex date").split(" ");

    @Option(names = "--entries", defaultValue = "20000", description = "experiences in memory (default: ${DEFAULT-VALUE})")
    int entries;

    @Option(names = "--samples", defaultValue = "500", description = "timed calls per measure (default: ${DEFAULT-VALUE})")
    int samples;

    @Inject
    Embedder embedder;

    @Inject
    ModelPool pool;

    @Inject
    Orchestrator orchestrator;

    @Inject
    ExperienceStore store;

    @Override
    public Integer call() {
        Random random = new Random(42);
        List<String> rows = new ArrayList<>();
        MemoryIndex embedded = new MemoryIndex(entries, Embedder.DIMENSIONS);
        MemoryIndex hashed = new MemoryIndex(entries, TaskFeatures.WIDTH);
        RoutingEngine withEmbedding = engine(embedded);
        RoutingEngine withoutEmbedding = engine(hashed);
        long fillStart = System.nanoTime();
        for (int i = 0; i < entries; i++) {
            RouteTask task = task(random, i);
            TaskFeatures f = TaskFeatures.of(task);
            String model = pool.enabled().get(random.nextInt(pool.enabled().size())).name();
            double score = random.nextDouble() < 0.5 ? 1 : 0;
            withEmbedding.learn(experience(i, task, model, score, randomUnit(random, Embedder.DIMENSIONS), f), f);
            withoutEmbedding.learn(experience(i, task, model, score, MemoryIndex.normalized(f.vector()), f), f);
        }
        System.err.printf("filled %d experiences in %.1f s%n", entries, (System.nanoTime() - fillStart) / 1e9);
        String storeKind = fillServiceStore(random);
        embedder.embed("warm up the model");
        double[] search = new double[samples];
        double[] routeNoEmbedding = new double[samples];
        double[] routeEmbedding = new double[samples];
        double[] embedOnly = new double[samples];
        double[] service = new double[samples];
        double[] feedback = new double[samples];
        for (int i = 0; i < samples; i++) {
            RouteTask task = task(random, entries + i);
            TaskFeatures f = TaskFeatures.of(task);
            float[] q = randomUnit(random, Embedder.DIMENSIONS);
            long t0 = System.nanoTime();
            embedded.search(q, 10, 0.0);
            long t1 = System.nanoTime();
            withoutEmbedding.decide(task, f, MemoryIndex.normalized(f.vector()), pool.enabled(), random);
            long t2 = System.nanoTime();
            float[] v = embedder.embed(task.prompt());
            long t3 = System.nanoTime();
            withEmbedding.decide(task, f, v, pool.enabled(), random);
            long t4 = System.nanoTime();
            Decision d = orchestrator.route(new RouteRequest(task, null, null));
            long t5 = System.nanoTime();
            orchestrator.feedback(new FeedbackRequest(d.decisionId(), d.model(), random.nextDouble() < 0.5 ? 1.0 : 0.0,
                    null, 0.001, null));
            feedback[i] = (System.nanoTime() - t5) / 1e6;
            search[i] = (t1 - t0) / 1e6;
            routeNoEmbedding[i] = (t2 - t1) / 1e6;
            embedOnly[i] = (t3 - t2) / 1e6;
            routeEmbedding[i] = (t4 - t2) / 1e6;
            service[i] = (t5 - t4) / 1e6;
            if (d == null) {
                return 1;
            }
        }
        rows.add(row("memory top-10 search, " + entries + " entries x 384 dims", search));
        rows.add(row("route decision without embedding (hashed features)", routeNoEmbedding));
        rows.add(row("embedding the task text (all-MiniLM-L6-v2)", embedOnly));
        rows.add(row("route decision with embedding", routeEmbedding));
        rows.add(row("service route: embedding, vote, decision persisted (" + orchestrator.remembered() + " memories, "
                + storeKind + ")", service));
        rows.add(row("service feedback: experience recorded and learned (" + storeKind + ")", feedback));
        System.out.println("| measure | p50 ms | p99 ms | mean ms |\n|---|---|---|---|");
        rows.forEach(System.out::println);
        return 0;
    }

    /**
     * Records the same kind of experiences in the service's own store (the database arbiter.db.url names) and has
     * the service's orchestrator read them as a replica reads what others recorded: its route calls then search a
     * full memory. Returns which store it is.
     */
    private String fillServiceStore(Random random) {
        long start = System.nanoTime();
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < entries; i++) {
            RouteTask task = task(random, i);
            TaskFeatures f = TaskFeatures.of(task);
            String model = pool.enabled().get(random.nextInt(pool.enabled().size())).name();
            double score = random.nextDouble() < 0.5 ? 1 : 0;
            Experience e = experience(i, task, model, score, randomUnit(random, Embedder.DIMENSIONS), f);
            store.append(new Experience(0, "bench-" + run + "-" + i, e.taskId(), e.dimension(), e.language(), model,
                    score, e.cost(), e.reward(), null, e.at(), e.features(), e.vector(), e.voterLosses()));
        }
        long stored = System.nanoTime();
        int learned = orchestrator.learnShared();
        String kind = store.shared() ? "PostgreSQL" : "H2";
        System.err.printf("recorded %d experiences in the service's store (%s) in %.1f s; its orchestrator read the "
                + "%d it had not yet read in %.1f s and remembers %d%n", entries, kind, (stored - start) / 1e9, learned,
                (System.nanoTime() - stored) / 1e9, orchestrator.remembered());
        return kind;
    }

    private RoutingEngine engine(MemoryIndex index) {
        return new RoutingEngine(Prior.none(), index, RoutingEngine.Settings.defaults(0.1, 10, 0.5), 600);
    }

    private static RouteTask task(Random random, int i) {
        Dimension d = DIMENSIONS[random.nextInt(DIMENSIONS.length)];
        StringBuilder prompt = new StringBuilder("Write a function that ");
        for (int w = 0; w < 12; w++) {
            prompt.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return new RouteTask("bench/" + d.wireName() + "/" + i, d, "python", prompt.toString(), null, null);
    }

    private static Experience experience(int i, RouteTask task, String model, double score, float[] vector, TaskFeatures f) {
        return new Experience(i, "bench-" + i, task.id(), task.dimension(), "python", model, score, 0.001, score - 0.0001,
                null, Instant.now(), f.encode(), vector, "");
    }

    private static float[] randomUnit(Random random, int dims) {
        float[] v = new float[dims];
        for (int i = 0; i < dims; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return MemoryIndex.normalized(v);
    }

    private static String row(String name, double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double p50 = sorted[(int) Math.floor(0.50 * (sorted.length - 1))];
        double p99 = sorted[(int) Math.floor(0.99 * (sorted.length - 1))];
        double mean = Arrays.stream(ms).average().orElse(0);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |", name, p50, p99, mean);
    }
}
