package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.sandbox.Isolation;
import dev.arbiter.sandbox.SandboxClient;
import dev.arbiter.support.HumanEvalPackBatch;
import dev.arbiter.verifier.Verifier;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HumanEvalPack Python responses (from ../shared, never copied into the project) scored as a batch in both
 * isolation modes: canonical solutions pass, buggy ones fail, and the two modes give identical verdicts.
 */
@QuarkusTest
class HumanEvalPackBatchTest {
    private static final int PROBLEMS = 12;

    @Inject
    Verifier verifier;
    @Inject
    Validator validator;
    @Inject
    ObjectMapper json;

    @Test
    void sharedAndStrictScoreHumanEvalPackAlike(@TempDir Path dir) throws Exception {
        Path in = HumanEvalPackBatch.responses(json, dir, PROBLEMS);

        Map<String, String> shared = score(in, dir.resolve("shared.jsonl"), Isolation.SHARED);
        Map<String, String> strict = score(in, dir.resolve("strict.jsonl"), Isolation.STRICT);

        assertEquals(2 * PROBLEMS, shared.size());
        assertEquals(strict, shared);
        shared.forEach((id, verdict) -> assertEquals(id.endsWith("|canonical") ? "passed" : "failed",
                verdict.split(" ")[0], id + ": " + verdict));
    }

    /** Scores the file in one mode; id -> "status reason confidence passed/total". */
    private Map<String, String> score(Path in, Path out, Isolation mode) throws Exception {
        new BatchScorer(verifier, validator, json, mode == Isolation.SHARED ? 16 : 4, SandboxClient.of(mode))
                .score(in, out, out.resolveSibling(out.getFileName() + ".csv"), false);
        return HumanEvalPackBatch.verdicts(json, out);
    }
}
