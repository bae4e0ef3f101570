package dev.arbiter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.batch.BatchScorer;
import dev.arbiter.sandbox.Isolation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.verifier.Verifier;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Scores a file of model responses: one JSON line per (task, model, response) in, one verdict line out. Resumable,
 * durable, bounded concurrency, with a summary and a CodeRouterBench-format outcome matrix at the end.
 */
@Command(mixinStandardHelpOptions = true, name = "score", description = "Batch-score model responses (JSON lines) into verdicts (JSON lines).")
public class ScoreCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "responses: {\"id\"?, \"task\": {...}, \"model\", \"response\": text, \"cost\"?} per line")
    Path in;

    @Option(names = "--out", required = true, description = "verdicts, appended; ids already there are skipped")
    Path out;

    @Option(names = "--matrix", description = "outcome matrix (CodeRouterBench long format; default: <out>.matrix.csv)")
    Path matrix;

    @Option(names = "--concurrency", description = "verifications at once (default: 16 shared, 4 strict: a fresh "
            + "container per candidate is mostly engine work, and more at once only queue there)")
    Integer concurrency;

    @Option(names = "--mode", defaultValue = "shared", description = "isolation: shared (one container per shard of "
            + "candidates, each its own process, uid, directory and limits) or strict (a container per candidate); "
            + "default: ${DEFAULT-VALUE}")
    String mode;

    @Spec
    CommandSpec spec;

    @Inject
    Verifier verifier;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper json;

    @Override
    public Integer call() throws Exception {
        Isolation isolation = switch (mode.toLowerCase(Locale.ROOT)) {
            case "shared" -> Isolation.SHARED;
            case "strict" -> Isolation.STRICT;
            default -> throw new ParameterException(spec.commandLine(), "--mode must be shared or strict, not '" + mode + "'");
        };
        int parallel = Math.max(1, concurrency != null ? concurrency : isolation == Isolation.SHARED ? 16 : 4);
        Path matrixFile = matrix != null ? matrix : out.resolveSibling(out.getFileName() + ".matrix.csv");
        BatchScorer scorer = new BatchScorer(verifier, validator, json, parallel, SandboxClient.of(isolation));
        BatchScorer.Result result = scorer.score(in, out, matrixFile, System.console() != null);
        System.out.println(result.summary());
        System.out.printf(Locale.ROOT, "%d verified in %.1f s: %.1f verdicts/s (%s mode, concurrency %d)%n",
                result.scored(), result.seconds(), result.rate(), mode.toLowerCase(Locale.ROOT), parallel);
        System.out.println("verdicts: " + out + "\noutcome matrix: " + matrixFile);
        return 0;
    }
}
