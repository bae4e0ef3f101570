package dev.arbiter.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shard membership by a fixed hash of the id, and the --shard values I/N and job/N. */
class BatchShardTest {
    private static final int[] COUNTS = {1, 2, 3, 4, 7, 16};

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("HumanEval/" + i + "|" + (i % 2 == 0 ? "canonical" : "buggy"));
        }
        return ids;
    }

    @Test
    void everyIdIsInExactlyOneShardForEachCount() {
        for (int count : COUNTS) {
            for (String id : ids(5_000)) {
                int in = 0;
                for (int index = 1; index <= count; index++) {
                    in += new BatchShard(index, count).contains(id) ? 1 : 0;
                }
                assertEquals(1, in, id + " in " + in + " of " + count + " shards");
            }
        }
    }

    @Test
    void theShardIsTheFirstEightBytesOfSha256OfTheUtf8IdModuloN() {
        // computed apart from this code: int.from_bytes(hashlib.sha256(id.encode()).digest()[:8], 'big') % n + 1
        assertEquals(List.of(1, 3, 4), shards("HumanEval/0|canonical"));
        assertEquals(List.of(1, 1, 4), shards("HumanEval/1|buggy"));
        assertEquals(List.of(1, 3, 6), shards("t/0|good-model"));
        assertEquals(List.of(1, 1, 5), shards("é|m"));
    }

    private static List<Integer> shards(String id) {
        return List.of(BatchShard.of(id, 2), BatchShard.of(id, 4), BatchShard.of(id, 7));
    }

    @Test
    void membershipDoesNotDependOnTheOrderOfTheIds() {
        List<String> ids = ids(2_000);
        List<String> shuffled = new ArrayList<>(ids);
        Collections.shuffle(shuffled, new Random(7));
        for (int count : COUNTS) {
            BatchShard shard = new BatchShard(count, count);
            assertEquals(ids.stream().filter(shard::contains).sorted().toList(),
                    shuffled.stream().filter(shard::contains).sorted().toList());
        }
    }

    @Test
    void shardsAreBalancedWithinTenPercentOfAnEvenSplit() {
        List<String> ids = ids(20_000);
        for (int count : COUNTS) {
            int[] sizes = new int[count];
            ids.forEach(id -> sizes[BatchShard.of(id, count) - 1]++);
            double even = ids.size() / (double) count;
            for (int size : sizes) {
                // 16 shards of 20,000: an even 1,250, one standard deviation about 34, so 10% is about 3.7 of them
                assertTrue(Math.abs(size - even) <= 0.10 * even, count + " shards: " + java.util.Arrays.toString(sizes));
            }
        }
    }

    @Test
    void readsOneBasedShardsAndTheJobIndexAsIndexPlusOne() {
        Map<String, String> none = Map.of();
        assertEquals(new BatchShard(1, 4), BatchShard.parse("1/4", none::get));
        assertEquals(new BatchShard(4, 4), BatchShard.parse("4/4", none::get));
        assertEquals(BatchShard.ALL, BatchShard.parse("1/1", none::get));
        assertEquals(new BatchShard(1, 4), BatchShard.parse("job/4", Map.of("JOB_COMPLETION_INDEX", "0")::get));
        assertEquals(new BatchShard(4, 4), BatchShard.parse("job/4", Map.of("JOB_COMPLETION_INDEX", "3")::get));
        assertEquals("3/8", BatchShard.parse("3/8", none::get).toString());
    }

    @Test
    void badShardValuesSayWhatIsWrong() {
        Map<String, String> none = Map.of();
        assertMessage("1..4", () -> BatchShard.parse("0/4", none::get));
        assertMessage("1..4", () -> BatchShard.parse("5/4", none::get));
        assertMessage("at least 1", () -> BatchShard.parse("1/0", none::get));
        for (String junk : new String[] {"junk", "", "1/", "/4", "-1/4", "1/4/2", "a/b", "1 / 4", "99999999999/4"}) {
            assertMessage("is not I/N", () -> BatchShard.parse(junk, none::get));
        }
        assertMessage("is not I/N", () -> BatchShard.parse(null, none::get));
    }

    @Test
    void jobShardsNeedTheJobIndexInRange() {
        assertMessage("JOB_COMPLETION_INDEX (set by a Kubernetes Indexed Job), which is not set",
                () -> BatchShard.parse("job/4", Map.<String, String>of()::get));
        assertMessage("which is not set", () -> BatchShard.parse("job/4", Map.of("JOB_COMPLETION_INDEX", " ")::get));
        assertMessage("JOB_COMPLETION_INDEX=4 is out of range for 'job/4': it must be in 0..3",
                () -> BatchShard.parse("job/4", Map.of("JOB_COMPLETION_INDEX", "4")::get));
        assertMessage("out of range", () -> BatchShard.parse("job/4", Map.of("JOB_COMPLETION_INDEX", "-1")::get));
        assertMessage("JOB_COMPLETION_INDEX='two' is not a number",
                () -> BatchShard.parse("job/4", Map.of("JOB_COMPLETION_INDEX", "two")::get));
        assertMessage("at least 1", () -> BatchShard.parse("job/0", Map.of("JOB_COMPLETION_INDEX", "0")::get));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable parse) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
