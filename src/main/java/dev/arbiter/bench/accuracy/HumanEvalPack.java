package dev.arbiter.bench.accuracy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.VerificationRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HumanEvalPack (bigcode/octopack): 164 problems per language, each with a canonical and a buggy solution body.
 * Each becomes two cases answered as a completion (the body alone), which the Verifier joins to the prompt.
 */
public final class HumanEvalPack {
    public static final String NAME = "humanevalpack";
    /** Arbiter language to the dataset's folder. */
    public static final Map<String, String> FOLDERS = new LinkedHashMap<>();

    static {
        FOLDERS.put("python", "python");
        FOLDERS.put("java", "java");
        FOLDERS.put("javascript", "js");
        FOLDERS.put("cpp", "cpp");
        FOLDERS.put("go", "go");
        FOLDERS.put("rust", "rust");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HumanEvalPack() {
    }

    public static Path file(Path dataRoot, String language) {
        return dataRoot.resolve(NAME).resolve(FOLDERS.get(language)).resolve("humanevalpack.jsonl");
    }

    /** The cases of the given languages whose files exist; at most {@code limit} problems each (0: all). */
    public static List<LabelledCase> load(Path dataRoot, Collection<String> languages, int limit) {
        List<LabelledCase> cases = new ArrayList<>();
        for (String language : languages) {
            Path file = file(dataRoot, language);
            if (!FOLDERS.containsKey(language) || !Files.exists(file)) {
                continue;
            }
            try {
                List<String> lines = Files.readAllLines(file);
                for (String line : limit > 0 ? lines.subList(0, Math.min(limit, lines.size())) : lines) {
                    JsonNode row = JSON.readTree(line);
                    cases.add(toCase(language, row, "canonical_solution", true));
                    cases.add(toCase(language, row, "buggy_solution", false));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return cases;
    }

    private static LabelledCase toCase(String language, JsonNode row, String field, boolean shouldPass) {
        String id = row.get("task_id").asText();
        // Go tests need their package clause and imports (testing, testify), which the dataset keeps apart.
        String tests = row.path("test_setup").asText("") + row.get("test").asText();
        Task task = new Task(id, Dimension.CODE_COMPLETION, language, row.get("prompt").asText(), tests,
                row.get("entry_point").asText());
        Response response = new Response(row.get(field).asText(), "dataset:" + field, 0.0);
        return new LabelledCase(NAME, language, id, shouldPass ? "canonical" : "buggy", shouldPass,
                new VerificationRequest(task, response));
    }
}
