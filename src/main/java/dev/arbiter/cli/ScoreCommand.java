package dev.arbiter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.batch.BatchScorer;
import dev.arbiter.batch.BatchShard;
import dev.arbiter.batch.RemoteVerifier;
import dev.arbiter.sandbox.Isolation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Verifier;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Scores a file of model responses: one JSON line per (task, model, response) in, one verdict line out. Resumable,
 * durable, bounded concurrency, with a summary and a CodeRouterBench-format outcome matrix at the end; a part of the
 * file with {@code --shard}, whose outputs {@code score merge} joins. {@code --in} and {@code --out} are checked here
 * rather than marked required, so that {@code score merge} does not need them.
 */
@Command(mixinStandardHelpOptions = true, name = "score", subcommands = ScoreMergeCommand.class,
        customSynopsis = {"arbiter score --in=<in> --out=<out> [--shard=I/N|job/N] [OPTIONS]",
                "       arbiter score merge --out=<out> [--in=<in>] [--matrix=<matrix>] SHARD..."},
        description = "Batch-score model responses (JSON lines) into verdicts (JSON lines).")
public class ScoreCommand implements Callable<Integer> {
    /** Items in flight on the stream: what the service verifies per stream at once, plus as many queued behind. */
    private static final int REMOTE_CONCURRENCY = 8;

    @Option(names = "--in", description = "(required) responses: {\"id\"?, \"task\": {...}, \"model\", \"response\": text, "
            + "\"cost\"?} per line; an item's id is its \"id\", else <task.id>|<model>")
    Path in;

    @Option(names = "--out", description = "(required) verdicts, appended; ids already there are skipped")
    Path out;

    @Option(names = "--shard", paramLabel = "I/N|job/N", description = "score only shard I of N (1-based) of --in, by a "
            + "SHA-256 hash of each item's id; job/N: I = $" + BatchShard.JOB_INDEX_VARIABLE + " + 1 (a Kubernetes "
            + "Indexed Job's 0-based index). Give each shard its own --out; join them with score merge")
    String shard;

    @Option(names = "--matrix", description = "outcome matrix (CodeRouterBench long format; default: <out>.matrix.csv)")
    Path matrix;

    @Option(names = "--concurrency", description = "verifications at once (default: 16 shared, 4 strict: a fresh "
            + "container per candidate is mostly engine work, and more at once only queue there)")
    Integer concurrency;

    @Option(names = "--mode", defaultValue = "shared", description = "isolation: shared (one container per shard of "
            + "candidates, each its own process, uid, directory and limits) or strict (a container per candidate); "
            + "default: ${DEFAULT-VALUE}")
    String mode;

    @Option(names = "--url", description = "score through a running service (http://host:port) over its gRPC VerifyBatch "
            + "stream, under its quotas, instead of starting sandboxes here; --mode is then the service's")
    URI url;

    @Option(names = "--key", defaultValue = "${env:ARBITER_API_KEY}", description = "API key (role verify) for --url; "
            + "default: the ARBITER_API_KEY environment variable")
    String key;

    @Spec
    CommandSpec spec;

    /** Where job/N finds its index: the process environment, a map in tests. */
    Function<String, String> env = System::getenv;

    @Inject
    Verifier verifier;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper json;

    @Override
    public Integer call() throws Exception {
        long booted = System.currentTimeMillis();
        if (in == null || out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option" + (in == null && out == null
                    ? "s: '--in=<in>', '--out=<out>'" : in == null ? ": '--in=<in>'" : ": '--out=<out>'"));
        }
        BatchShard part = shard();
        Isolation isolation = switch (mode.toLowerCase(Locale.ROOT)) {
            case "shared" -> Isolation.SHARED;
            case "strict" -> Isolation.STRICT;
            default -> throw new ParameterException(spec.commandLine(), "--mode must be shared or strict, not '" + mode + "'");
        };
        int parallel = Math.max(1, concurrency != null ? concurrency : url != null ? REMOTE_CONCURRENCY
                : isolation == Isolation.SHARED ? 16 : 4);
        Path matrixFile = matrix != null ? matrix : out.resolveSibling(out.getFileName() + ".matrix.csv");
        BatchScorer.Result result;
        if (url != null) {
            try (RemoteVerifier remote = new RemoteVerifier(url, key, json)) {
                result = new BatchScorer(remote, validator, json, parallel).score(in, out, matrixFile, part, System.console() != null);
            }
        } else {
            result = new BatchScorer(verifier, validator, json, parallel, SandboxClient.of(isolation))
                    .score(in, out, matrixFile, part, System.console() != null);
        }
        System.out.println(result.summary());
        System.out.printf(Locale.ROOT, "%d verified in %.1f s: %.1f verdicts/s (%s, concurrency %d)%s%n",
                result.scored(), result.seconds(), result.rate(), url != null ? "by " + url
                        : mode.toLowerCase(Locale.ROOT) + " mode", parallel, part.count() == 1 ? ""
                        : String.format(Locale.ROOT, "; shard %s: %d of the input's %d items", part, result.inShard(), result.inInput()));
        System.out.println(startUp(result, booted));
        System.out.println("verdicts: " + out + "\noutcome matrix: " + matrixFile);
        return 0;
    }

    /**
     * What ran before the first candidate: from the launcher's start (ARBITER_LAUNCHED_AT, epoch ms, which
     * {@code ./arbiter} sets) or else the JVM's, to the application's boot, the first candidate handed to the verifier
     * and its verdict.
     */
    String startUp(BatchScorer.Result result, long booted) {
        long jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime(); // ms, unlike /proc's start
        long launched = parseLong(env.apply("ARBITER_LAUNCHED_AT"), jvm);
        String from = launched == jvm ? "the JVM's start" : "./arbiter's start";
        StringBuilder out = new StringBuilder("start-up, from " + from + ":");
        if (launched != jvm && jvm > 0) {
            out.append(String.format(Locale.ROOT, " JVM started %.2f s,", (jvm - launched) / 1000.0));
        }
        out.append(String.format(Locale.ROOT, " booted %.2f s", (booted - launched) / 1000.0));
        if (result.firstStartedAt() > 0) {
            out.append(String.format(Locale.ROOT, ", first candidate started %.2f s", (result.firstStartedAt() - launched) / 1000.0));
        }
        if (result.firstVerdictAt() > 0) {
            out.append(String.format(Locale.ROOT, ", first verdict %.2f s", (result.firstVerdictAt() - launched) / 1000.0));
        }
        return out.toString();
    }

    private static long parseLong(String value, long otherwise) {
        try {
            return value == null ? otherwise : Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** The --shard option read, or the whole input without it. */
    BatchShard shard() {
        if (shard == null) {
            return BatchShard.ALL;
        }
        try {
            return BatchShard.parse(shard, env);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--shard': " + e.getMessage());
        }
    }
}
