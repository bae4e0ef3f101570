package dev.arbiter.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arbiter.verifier.Dimension;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MemoryIndexTest {
    private static Experience experience(int i, float[] v) {
        return new Experience(i, "d" + i, "t" + i, Dimension.ALGORITHM, "python", "m", 1, 0, 1, null, Instant.now(), "algorithm x",
                MemoryIndex.normalized(v), "");
    }

    @Test
    void searchFindsTheSameTopKAsABruteForceScan() {
        Random random = new Random(3);
        MemoryIndex index = new MemoryIndex(10_000, 37);
        float[][] all = new float[10_000][];
        for (int i = 0; i < 10_000; i++) {
            float[] v = new float[37];
            for (int j = 0; j < 37; j++) {
                v[j] = (float) random.nextGaussian();
            }
            all[i] = MemoryIndex.normalized(v);
            index.add(experience(i, v));
        }
        float[] q = all[1234];
        List<MemoryIndex.Neighbour> top = index.search(q, 5, -1);
        assertEquals("t1234", top.get(0).experience().taskId());
        assertEquals(1.0, top.get(0).similarity(), 1e-5);
        double fifth = top.get(4).similarity();
        int better = 0;
        for (float[] v : all) {
            double dot = 0;
            for (int j = 0; j < 37; j++) {
                dot += v[j] * q[j];
            }
            better += dot > fifth + 1e-6 ? 1 : 0;
        }
        assertEquals(4, better);
    }

    @Test
    void oldestEntriesLeaveFirstAndTheThresholdFilters() {
        MemoryIndex index = new MemoryIndex(2, 2);
        index.add(experience(1, new float[] {1, 0}));
        index.add(experience(2, new float[] {0, 1}));
        index.add(experience(3, new float[] {1, 0.1f}));
        assertEquals(2, index.size());
        List<MemoryIndex.Neighbour> near = index.search(new float[] {1, 0}, 5, 0.5);
        assertEquals(1, near.size());
        assertEquals("t3", near.get(0).experience().taskId());
        assertTrue(index.search(new float[] {1, 0, 0}, 5, 0).isEmpty(), "a vector of another width finds nothing");
    }
}
