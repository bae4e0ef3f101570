package dev.arbiter.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.VerificationRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * EvalPlus (HumanEval+ and MBPP+, Python): canonical solutions against the much stronger "plus" tests, in the original
 * HumanEval format (a self-contained check with every input and expected output). Every case should pass; there are
 * no buggy solutions, so this measures false fails only.
 */
public final class EvalPlus {
    public static final String HUMANEVAL_PLUS = "humaneval+";
    public static final String MBPP_PLUS = "mbpp+";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The limits EvalPlus's own harness gives a solution (its docs/execution.md): each input at least 4 s (more when
     * the ground truth is slow; we do not profile it), 4 GB of memory, and a task the sum of its inputs' limits,
     * hundreds of seconds, of which we give the most the service allows by default (arbiter.sandbox.max-task-limits).
     * The runtime's defaults (10 s a run, 3 s a test, 256 MB) are meant for one model answer, not for 500-input tests
     * whose own reference solution runs inside the test.
     */
    static final Task.Limits HARNESS_LIMITS = new Task.Limits(120, 4, 4096);

    private EvalPlus() {
    }

    public static Path humanEvalFile(Path dataRoot) {
        return dataRoot.resolve("evalplus").resolve("HumanEvalPlus-OriginFmt.jsonl.gz");
    }

    public static Path mbppFile(Path dataRoot) {
        return dataRoot.resolve("evalplus").resolve("MbppPlus-OriginFmt.jsonl.gz");
    }

    public static List<LabelledCase> humanEvalPlus(Path dataRoot, int limit) {
        List<LabelledCase> cases = new ArrayList<>();
        for (JsonNode row : rows(humanEvalFile(dataRoot), limit)) {
            String id = row.get("task_id").asText();
            Task task = new Task(id, Dimension.CODE_GENERATION, "python", row.get("prompt").asText(), row.get("test").asText(),
                    row.get("entry_point").asText(), null, null, null, null, null, null, HARNESS_LIMITS);
            cases.add(new LabelledCase(HUMANEVAL_PLUS, "python", id, "canonical", true, new VerificationRequest(task,
                    new Response(row.get("canonical_solution").asText(), "dataset:canonical_solution", 0.0))));
        }
        return cases;
    }

    public static List<LabelledCase> mbppPlus(Path dataRoot, int limit) {
        List<LabelledCase> cases = new ArrayList<>();
        for (JsonNode row : rows(mbppFile(dataRoot), limit)) {
            String id = "Mbpp/" + row.get("task_id").asText();
            StringBuilder tests = new StringBuilder();
            for (String line : testImports(row.path("test_imports"))) {
                tests.append(line).append('\n');
            }
            tests.append(row.get("test").asText());
            // MBPP's prompt is a sentence, and its tests call the function by name: the solution is taken whole.
            Task task = new Task(id, Dimension.CODE_GENERATION, "python", row.get("prompt").asText(), tests.toString(), null,
                    null, null, null, null, null, null, HARNESS_LIMITS);
            cases.add(new LabelledCase(MBPP_PLUS, "python", id, "canonical", true, new VerificationRequest(task,
                    new Response(row.get("code").asText(), "dataset:code", 0.0))));
        }
        return cases;
    }

    /** test_imports is a JSON list or a Python list literal held in a string. */
    private static List<String> testImports(JsonNode node) {
        List<String> lines = new ArrayList<>();
        try {
            JsonNode list = node.isTextual() ? JSON.readTree(node.asText().replace('\'', '"')) : node;
            list.forEach(n -> lines.add(n.asText()));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable test_imports: " + node, e);
        }
        return lines;
    }

    private static List<JsonNode> rows(Path file, int limit) {
        List<JsonNode> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && (limit <= 0 || rows.size() < limit)) {
                rows.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }
}
