package dev.arbiter.cli;

import dev.arbiter.memory.Embedder;
import dev.arbiter.replay.Replay;
import dev.arbiter.replay.ReplayData;
import dev.arbiter.replay.ReplayPolicies;
import dev.arbiter.replay.ReplayReport;
import dev.arbiter.router.ModelPool;
import dev.arbiter.router.Prior;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays a CodeRouterBench outcome matrix through routing policies and writes the table, per-task decisions and
 * the cumulative-regret and cost-performance charts. Averages over the file order and N seeded shuffles.
 */
@Command(mixinStandardHelpOptions = true, name = "replay", description = "Cumulative-regret evaluation of routing policies on an outcome matrix.")
public class ReplayCommand implements Callable<Integer> {

    @Option(names = "--matrix", required = true, description = "outcome matrix, CodeRouterBench long format (score, or resolved + cost_usd)")
    Path matrix;

    @Option(names = "--tasks", description = "tasks file (JSON lines: task_id, dimension, optional prompt and metadata); its order is the stream order")
    Path tasks;

    @Option(names = "--prior", description = "prior map (JSON) or prior results matrix (CSV): DimensionBest and the warm-started Arbiter use it")
    Path prior;

    @Option(names = "--policy", split = ",", defaultValue = "all",
            description = "all, or some of: oracle, random, always, dimension-best, knn, linucb, lints, arbiter-cold, "
                    + "arbiter-cold-cascade, arbiter-warm, arbiter-warm-cascade")
    List<String> policies;

    @Option(names = "--lambda", defaultValue = "0.1", description = "reward = score - lambda x cost (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--shuffles", defaultValue = "5", description = "seeded shuffles averaged with the file order (default: ${DEFAULT-VALUE})")
    int shuffles;

    @Option(names = "--seed", defaultValue = "1", description = "first shuffle seed; also seeds the policies (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cascade-threshold", defaultValue = "1.0", description = "cascade: stop at this score (default: ${DEFAULT-VALUE})")
    double cascadeThreshold;

    @Option(names = "--max-attempts", defaultValue = "2", description = "cascade: attempts per task, as the service's "
            + "arbiter.router.max-attempts (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--no-embeddings", negatable = true, description = "Arbiter remembers tasks by all-MiniLM-L6-v2 "
            + "embeddings, as the service does; --no-embeddings: by hashed task features (default: embeddings)")
    boolean embeddings = true;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--doc", description = "also write a markdown page with the table and both charts (linked from --out)")
    Path doc;

    private List<String> command() {
        List<String> c = new ArrayList<>(List.of("./arbiter replay", "--matrix", matrix.getFileName().toString()));
        if (tasks != null) {
            c.addAll(List.of("--tasks", tasks.getFileName().toString()));
        }
        if (prior != null) {
            c.addAll(List.of("--prior", prior.getFileName().toString()));
        }
        c.addAll(List.of("--lambda", String.valueOf(lambda), "--shuffles", String.valueOf(shuffles), "--seed", String.valueOf(seed)));
        return c;
    }

    @Override
    public Integer call() throws Exception {
        ReplayData data = ReplayData.load(matrix, tasks);
        Prior priorData = prior == null ? Prior.none() : Prior.load(prior);
        Files.createDirectories(out);
        List<Long> orders = new ArrayList<>(List.of(0L));
        for (int i = 0; i < shuffles; i++) {
            orders.add(seed + i);
        }
        ReplayPolicies catalogue = new ReplayPolicies(data, priorData, ModelPool.defaults(), lambda,
                embeddings ? new Embedder() : null, new Replay.Cascade(true, cascadeThreshold, maxAttempts));
        List<ReplayReport.PolicyRuns> results = new ArrayList<>();
        System.err.printf("replay: %d tasks x %d models, lambda %s, %d orders%n", data.tasks().size(), data.models().size(),
                lambda, orders.size());
        for (ReplayPolicies.Entry entry : catalogue.select(policies)) {
            long started = System.nanoTime();
            List<Replay.Run> runs = new ArrayList<>();
            for (long order : orders) {
                runs.add(Replay.run(data, order, entry.factory(), lambda, entry.cascade(), seed));
            }
            ReplayReport.PolicyRuns pr = new ReplayReport.PolicyRuns(entry.name(), runs);
            results.add(pr);
            ReplayReport.decisions(out.resolve("decisions-" + entry.name().replaceAll("[^A-Za-z0-9.+-]", "_") + ".jsonl"), runs.get(0));
            System.err.printf(Locale.ROOT, "  %-28s AvgPerf %6.2f  CumReg %7.1f  $%.2f  (%.1f s)%n", entry.name(),
                    runs.stream().mapToDouble(Replay.Run::avgPerf).average().orElse(0),
                    runs.stream().mapToDouble(Replay.Run::cumReg).average().orElse(0),
                    runs.stream().mapToDouble(Replay.Run::totalCost).average().orElse(0), (System.nanoTime() - started) / 1e9);
        }
        String title = data.tasks().size() + " tasks, lambda " + lambda + ", mean of " + orders.size() + " orders";
        Files.writeString(out.resolve("table.md"), ReplayReport.markdown(results));
        Files.writeString(out.resolve("table.csv"), ReplayReport.csv(results));
        Files.writeString(out.resolve("regret.svg"), ReplayReport.regretSvg(results, "Cumulative regret, " + title));
        Files.writeString(out.resolve("cost-performance.svg"), ReplayReport.costPerformanceSvg(results, "Cost and performance, " + title));
        System.out.println(ReplayReport.markdown(results));
        if (doc != null) {
            Path charts = doc.toAbsolutePath().getParent().relativize(out.toAbsolutePath());
            Files.writeString(doc, ReplayReport.page(results, title, charts.toString(), String.join(" ", command())));
        }
        return 0;
    }
}
