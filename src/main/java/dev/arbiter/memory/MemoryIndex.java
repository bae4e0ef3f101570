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
        PriorityQueue<Neighbour> best = new PriorityQueue<>(Comparator.comparingDouble(Neighbour::similarity));
        lock.readLock().lock();
        try {
            for (int i = 0; i < size; i++) {
                int base = i * dimensions;
                float dot = 0;
                for (int j = 0; j < dimensions; j++) {
                    dot += vectors[base + j] * query[j];
                }
                if (dot >= threshold && (best.size() < k || dot > best.peek().similarity())) {
                    best.add(new Neighbour(entries[i], dot));
                    if (best.size() > k) {
                        best.poll();
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        List<Neighbour> out = new ArrayList<>(best);
        out.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
        return out;
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
