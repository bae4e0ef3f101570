package dev.arbiter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.batch.BatchScorer;
import dev.arbiter.verifier.Verifier;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scores a file of model responses: one JSON line per (task, model, response) in, one verdict line out. Resumable,
 * durable, bounded concurrency, with a summary and a CodeRouterBench-format outcome matrix at the end.
 */
@Command(name = "score", description = "Batch-score model responses (JSON lines) into verdicts (JSON lines).")
public class ScoreCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "responses: {\"id\"?, \"task\": {...}, \"model\", \"response\": text, \"cost\"?} per line")
    Path in;

    @Option(names = "--out", required = true, description = "verdicts, appended; ids already there are skipped")
    Path out;

    @Option(names = "--matrix", description = "outcome matrix (CodeRouterBench long format; default: <out>.matrix.csv)")
    Path matrix;

    @Option(names = "--concurrency", defaultValue = "4", description = "verifications at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Inject
    Verifier verifier;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper json;

    @Override
    public Integer call() throws Exception {
        Path matrixFile = matrix != null ? matrix : out.resolveSibling(out.getFileName() + ".matrix.csv");
        BatchScorer scorer = new BatchScorer(verifier, validator, json, Math.max(1, concurrency));
        BatchScorer.Result result = scorer.score(in, out, matrixFile, System.console() != null);
        System.out.println(result.summary());
        System.out.println("verdicts: " + out + "\noutcome matrix: " + matrixFile);
        return 0;
    }
}
