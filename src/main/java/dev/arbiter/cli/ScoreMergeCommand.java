package dev.arbiter.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.batch.BatchMerge;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Joins the verdict files of {@code arbiter score --shard} runs into one, checked, with its summary and matrix. */
@Command(mixinStandardHelpOptions = true, name = "merge", description = {"Join the verdict files of score --shard runs "
        + "into one verdict file, summary and outcome matrix.", "Fails, writing nothing, when an id has two different "
        + "verdicts or, with --in, when an input item has no verdict or a verdict is for an id --in does not have. A "
        + "line repeated word for word is kept once. Exit 0 merged, 1 not merged, 2 usage."})
public class ScoreMergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "SHARD", description = "the --out files of the shards")
    List<Path> shards;

    @Option(names = "--out", required = true, description = "the merged verdicts (replaced, through a temporary file)")
    Path out;

    @Option(names = "--in", description = "the batch's input: check every item of it has exactly one verdict")
    Path in;

    @Option(names = "--matrix", description = "outcome matrix of the merged verdicts (default: <out>.matrix.csv)")
    Path matrix;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Override
    public Integer call() {
        Path matrixFile = matrix != null ? matrix : out.resolveSibling(out.getFileName() + ".matrix.csv");
        try {
            BatchMerge.Result result = new BatchMerge(json, validator).merge(shards, out, matrixFile, in);
            System.out.println(result.summary());
            System.out.println("verdicts: " + out + "\noutcome matrix: " + matrixFile);
            return 0;
        } catch (BatchMerge.Rejected e) {
            System.err.println("not merged: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println("not merged: " + e);
            return 1;
        }
    }
}
