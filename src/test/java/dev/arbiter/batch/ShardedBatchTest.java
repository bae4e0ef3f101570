package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Reason;
import dev.arbiter.verifier.Status;
import dev.arbiter.verifier.Verdict;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded scoring and merging, with verdicts made up from the response (a response returning 1 passes) instead of a
 * sandbox: which items a shard scores, the ids of items without one, and the checks and atomic output of a merge.
 */
class ShardedBatchTest {
    private static final int ITEMS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ValidatorFactory validators;
    private static Validator validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void validator() {
        validators = Validation.buildDefaultValidatorFactory();
        validator = validators.getValidator();
    }

    @AfterAll
    static void close() {
        validators.close();
    }

    /** A response line as BatchScorerTest writes them; odd items have no "id" and are named by task and model. */
    private static String line(int i) {
        String id = i % 2 == 0 ? "\"id\": \"r" + i + "\", " : "";
        return "{" + id + "\"model\": \"" + (i % 3 == 0 ? "good-model" : "bad-model") + "\", \"cost\": 0.002, \"task\": {\"id\": \"t/" + i
                + "\", \"dimension\": \"code_generation\", \"language\": \"python\", \"prompt\": \"def f():\\n    pass\\n\","
                + " \"tests\": \"def check(candidate):\\n    assert candidate() == 1\\n\\ncheck(f)\\n\", \"entryPoint\": \"f\"},"
                + " \"response\": \"def f():\\n    return " + (i % 3 == 0 ? "1" : "2") + "\\n\"}";
    }

    private static String idOf(int i) {
        return i % 2 == 0 ? "r" + i : "t/" + i + "|" + (i % 3 == 0 ? "good-model" : "bad-model");
    }

    private static Verdict verdict(dev.arbiter.verifier.VerificationRequest r) {
        boolean passes = r.response().text().contains("return 1");
        return Verdict.builder(r.task().id(), "python", passes ? Status.PASSED : Status.FAILED,
                passes ? Reason.ALL_TESTS_PASSED : Reason.TESTS_FAILED, "made up by the test").build().withConfidence(passes ? 0.99 : 0.2);
    }

    private Path input(String name, List<String> lines) throws IOException {
        Path in = dir.resolve(name);
        Files.write(in, lines);
        return in;
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            lines.add(line(i));
        }
        return lines;
    }

    private BatchScorer.Result score(Path in, BatchShard shard, Path out) throws Exception {
        return new BatchScorer(ShardedBatchTest::verdict, validator, JSON, 4).score(in, out, dir.resolve(out.getFileName() + ".csv"), shard, false);
    }

    private Set<String> ids(Path verdicts) throws IOException {
        Set<String> ids = new HashSet<>();
        for (String l : Files.readAllLines(verdicts)) {
            assertTrue(ids.add(JSON.readTree(l).get("id").asText()), "twice: " + l);
        }
        return ids;
    }

    /** Scores the input in three shards and returns their verdict files. */
    private List<Path> threeShards(Path in) throws Exception {
        List<Path> outs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Path out = dir.resolve("shard" + i + ".jsonl");
            score(in, new BatchShard(i, 3), out);
            outs.add(out);
        }
        return outs;
    }

    private BatchMerge merge() {
        return new BatchMerge(JSON, validator);
    }

    @Test
    void eachShardScoresItsOwnItemsWhateverTheLineOrderAndResumesOnItsOwnOutput() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<String> shuffled = lines();
        Collections.shuffle(shuffled, new Random(3));
        Path inShuffled = input("shuffled.jsonl", shuffled);
        Set<String> all = new HashSet<>();
        for (int i = 1; i <= 3; i++) {
            BatchShard shard = new BatchShard(i, 3);
            BatchScorer.Result result = score(in, shard, dir.resolve("s" + i + ".jsonl"));
            score(inShuffled, shard, dir.resolve("shuffled" + i + ".jsonl"));
            Set<String> ids = ids(dir.resolve("s" + i + ".jsonl"));
            assertEquals(ids, ids(dir.resolve("shuffled" + i + ".jsonl")));
            assertTrue(ids.stream().allMatch(shard::contains), ids.toString());
            assertEquals(ids.size(), result.inShard());
            assertEquals(ITEMS, result.inInput());
            assertTrue(result.summary().contains("Shard " + i + "/3: " + ids.size() + " of the input's " + ITEMS + " items."), result.summary());
            for (String id : ids) {
                assertTrue(all.add(id), id + " in two shards");
            }
            BatchScorer.Result again = score(in, shard, dir.resolve("s" + i + ".jsonl"));
            assertEquals(0, again.scored());
            assertEquals(ids.size(), again.resumed());
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            expected.add(idOf(i));
        }
        assertEquals(expected, all);
    }

    @Test
    void aLineRepeatingAnIdIsSkippedInEveryShardAndTheFirstIsScored() throws Exception {
        List<String> lines = lines();
        lines.add(line(4).replace("return 2", "return 1"));
        Path in = input("responses.jsonl", lines);
        for (int i = 1; i <= 2; i++) {
            BatchScorer.Result result = score(in, new BatchShard(i, 2), dir.resolve("s" + i + ".jsonl"));
            assertEquals(1, result.malformed());
            assertTrue(result.summary().contains("Malformed lines skipped: 1."), result.summary());
        }
        Path r4 = dir.resolve("s" + BatchShard.of("r4", 2) + ".jsonl");
        List<String> verdicts = Files.readAllLines(r4).stream().filter(l -> l.startsWith("{\"id\":\"r4\"")).toList();
        assertEquals(1, verdicts.size());
        assertEquals("failed", JSON.readTree(verdicts.get(0)).at("/verdict/status").asText());
    }

    @Test
    void mergesShardsIntoOneVerdictFileWithItsSummaryAndMatrix() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<Path> shards = threeShards(in);
        Path out = dir.resolve("merged.jsonl");
        Files.writeString(out, "an older merge, replaced\n");
        Path matrix = dir.resolve("merged.csv");

        BatchMerge.Result result = merge().merge(shards, out, matrix, in);

        assertEquals(ITEMS, result.verdicts());
        assertEquals(ITEMS, ids(out).size());
        List<String> m = Files.readAllLines(matrix);
        assertEquals("task_id,dimension,model,score,cost_usd", m.get(0));
        assertEquals(ITEMS + 1, m.size());
        assertTrue(result.summary().contains("| good-model | code_generation | 14 | 100.0% | 0.990 | 0 | 0.0280 |"), result.summary());
        assertTrue(result.summary().contains("| bad-model | code_generation | 26 | 0.0% | 0.200 | 0 | 0.0520 |"), result.summary());
        assertTrue(result.summary().contains("Merged 3 shard files: 40 verdicts (0 identical repeated lines left out)."), result.summary());
        assertTrue(result.summary().contains(": 40 items, each with one verdict; malformed lines skipped: 0."), result.summary());
        assertEquals(List.of("merged.csv", "merged.jsonl", "responses.jsonl", "shard1.jsonl", "shard1.jsonl.csv",
                "shard2.jsonl", "shard2.jsonl.csv", "shard3.jsonl", "shard3.jsonl.csv"), files());
    }

    @Test
    void aLineRepeatedWordForWordIsKeptOnce() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<Path> shards = new ArrayList<>(threeShards(in));
        shards.add(shards.get(1));
        Path out = dir.resolve("merged.jsonl");

        BatchMerge.Result result = merge().merge(shards, out, dir.resolve("merged.csv"), in);

        assertEquals(ITEMS, Files.readAllLines(out).size());
        assertEquals(Files.readAllLines(shards.get(1)).size(), result.identicalDropped());
    }

    @Test
    void twoDifferentVerdictsForOneIdAreRefusedNamingTheIdAndBothLines() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<Path> shards = new ArrayList<>(threeShards(in));
        String first = Files.readAllLines(shards.get(0)).get(0);
        Path again = dir.resolve("again.jsonl");
        Files.writeString(again, "\n" + first.replace("made up by the test", "scored again") + "\n");
        shards.add(again);
        Path out = dir.resolve("merged.jsonl");
        Files.writeString(out, "an older merge, kept\n");

        BatchMerge.Rejected e = assertThrows(BatchMerge.Rejected.class, () -> merge().merge(shards, out, dir.resolve("m.csv"), null));

        String id = JSON.readTree(first).get("id").asText();
        assertEquals("1 id(s) with different verdicts in more than one line: '" + id + "' (" + shards.get(0) + ":1, " + again + ":2)",
                e.getMessage());
        assertEquals("an older merge, kept\n", Files.readString(out));
        assertNoMergeOutputLeft();
    }

    @Test
    void anInputItemWithoutAVerdictIsRefusedWithTheCountAndTheFirstIds() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<Path> shards = threeShards(in);
        List<String> kept = Files.readAllLines(shards.get(2));
        Files.write(shards.get(2), kept.subList(0, kept.size() - 2));
        Path out = dir.resolve("merged.jsonl");

        BatchMerge.Rejected e = assertThrows(BatchMerge.Rejected.class, () -> merge().merge(shards, out, dir.resolve("m.csv"), in));

        assertTrue(e.getMessage().startsWith("2 of the 40 items of " + in + " have no verdict: '"), e.getMessage());
        for (String l : kept.subList(kept.size() - 2, kept.size())) {
            assertTrue(e.getMessage().contains("'" + JSON.readTree(l).get("id").asText() + "'"), e.getMessage());
        }
        assertFalse(Files.exists(out));
        assertNoMergeOutputLeft();
    }

    @Test
    void aVerdictForAnIdTheInputDoesNotHaveIsRefused() throws Exception {
        List<String> lines = lines();
        Path whole = input("whole.jsonl", lines);
        List<Path> shards = threeShards(whole);
        Path in = input("responses.jsonl", lines.subList(1, ITEMS));
        Path out = dir.resolve("merged.jsonl");

        BatchMerge.Rejected e = assertThrows(BatchMerge.Rejected.class, () -> merge().merge(shards, out, dir.resolve("m.csv"), in));

        assertEquals("1 verdict(s) are for ids that " + in + " does not have: 'r0'", e.getMessage());
        assertFalse(Files.exists(out));
        assertNoMergeOutputLeft();
    }

    @Test
    void aTornLineIsRefusedWithItsFileAndLine() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<Path> shards = threeShards(in);
        String last = Files.readAllLines(shards.get(1)).get(0);
        Files.writeString(shards.get(1), last + "\n" + last.substring(0, 30));
        Path out = dir.resolve("merged.jsonl");

        BatchMerge.Rejected e = assertThrows(BatchMerge.Rejected.class, () -> merge().merge(shards, out, dir.resolve("m.csv"), in));

        assertTrue(e.getMessage().startsWith(shards.get(1) + ":2: not a verdict line"), e.getMessage());
        assertFalse(Files.exists(out));
        assertNoMergeOutputLeft();
    }

    @Test
    void aMergeThatFailsWhileWritingKeepsTheOldOutputAndLeavesNoTemporaryFile() throws Exception {
        Path in = input("responses.jsonl", lines());
        List<Path> shards = threeShards(in);
        Path out = dir.resolve("merged.jsonl");
        Files.writeString(out, "an older merge, kept\n");
        Path matrix = Files.createDirectories(dir.resolve("m.csv"));
        Files.writeString(matrix.resolve("in the way"), "a matrix cannot replace a folder that is not empty");

        assertThrows(IOException.class, () -> merge().merge(shards, out, matrix, in));

        assertEquals("an older merge, kept\n", Files.readString(out));
        assertTrue(Files.isDirectory(matrix));
        assertTrue(files().stream().noneMatch(name -> name.endsWith(".tmp")), files().toString());
    }

    /** No temporary file is left and no matrix written beside a refused merge. */
    private void assertNoMergeOutputLeft() throws IOException {
        for (String name : files()) {
            assertFalse(name.endsWith(".tmp") || name.equals("m.csv"), name + " left by a refused merge");
        }
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
