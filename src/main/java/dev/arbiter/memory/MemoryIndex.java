package dev.arbiter.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The experiences in memory, first in first out, with their unit vectors in one flat array so that a top-k cosine
 * search over 20,000 entries is a single pass of dot products. Thread-safe: searches share a read lock, appends take
 * the write lock.
 */
public final class MemoryIndex {
    private final int capacity;
    private final int dimensions;
    private final float[] vectors;
    private final Experience[] entries;
    private int next;
    private int size;
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();

    public MemoryIndex(int capacity, int dimensions) {
        this.capacity = capacity;
        this.dimensions = dimensions;
        this.vectors = new float[capacity * dimensions];
        this.entries = new Experience[capacity];
    }

    /** A neighbour found by a search, with its cosine similarity to the query. */
    public record Neighbour(Experience experience, double similarity) {
    }

    /** Adds an experience; past capacity the oldest one is dropped. Vectors of another width are not indexed. */
    public void add(Experience e) {
        if (e.vector() == null || e.vector().length != dimensions) {
            return;
        }
        lock.writeLock().lock();
        try {
            System.arraycopy(e.vector(), 0, vectors, next * dimensions, dimensions);
            entries[next] = e;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The k most similar experiences with similarity at least the threshold, most similar first. */
    public List<Neighbour> search(float[] query, int k, double threshold) {
        if (query == null || query.length != dimensions || k <= 0) {
            return List.of();
        }
        lock.readLock().lock();
        try {
            int n = size;
            int parts = n < PARALLEL_FROM ? 1 : PARTS;
            List<PriorityQueue<Neighbour>> found = java.util.stream.IntStream.range(0, parts).parallel()
                    .mapToObj(p -> scan(query, k, threshold, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts)))
                    .toList();
            PriorityQueue<Neighbour> best = new PriorityQueue<>(Comparator.comparingDouble(Neighbour::similarity));
            for (PriorityQueue<Neighbour> part : found) {
                for (Neighbour nb : part) {
                    offer(best, nb, k);
                }
            }
            List<Neighbour> out = new ArrayList<>(best);
            out.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
            return out;
        } finally {
            lock.readLock().unlock();
        }
    }

    private static final int PARALLEL_FROM = 4_096;
    private static final int PARTS = Math.max(1, Math.min(4, java.lang.Runtime.getRuntime().availableProcessors()));

    /** Top k of entries [from, to): dot products with eight independent sums, so the CPU can overlap them. */
    private PriorityQueue<Neighbour> scan(float[] q, int k, double threshold, int from, int to) {
        PriorityQueue<Neighbour> best = new PriorityQueue<>(Comparator.comparingDouble(Neighbour::similarity));
        int d8 = dimensions & ~7;
        for (int i = from; i < to; i++) {
            int base = i * dimensions;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int j = 0;
            for (; j < d8; j += 8) {
                int b = base + j;
                s0 += vectors[b] * q[j];
                s1 += vectors[b + 1] * q[j + 1];
                s2 += vectors[b + 2] * q[j + 2];
                s3 += vectors[b + 3] * q[j + 3];
                s4 += vectors[b + 4] * q[j + 4];
                s5 += vectors[b + 5] * q[j + 5];
                s6 += vectors[b + 6] * q[j + 6];
                s7 += vectors[b + 7] * q[j + 7];
            }
            float dot = (s0 + s1) + (s2 + s3) + (s4 + s5) + (s6 + s7);
            for (; j < dimensions; j++) {
                dot += vectors[base + j] * q[j];
            }
            if (dot >= threshold && (best.size() < k || dot > best.peek().similarity())) {
                offer(best, new Neighbour(entries[i], dot), k);
            }
        }
        return best;
    }

    private static void offer(PriorityQueue<Neighbour> best, Neighbour n, int k) {
        best.add(n);
        if (best.size() > k) {
            best.poll();
        }
    }

    public int size() {
        lock.readLock().lock();
        try {
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    public int dimensions() {
        return dimensions;
    }

    public static float[] normalized(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return out;
    }

    public static float[] normalized(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return normalized(f);
    }
}
