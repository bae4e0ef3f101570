package dev.arbiter.memory;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Task embeddings in process: all-MiniLM-L6-v2 (ONNX, from its Maven artifact; nothing is downloaded at run time),
 * 384 dimensions, unit length. Loaded on first use.
 */
@ApplicationScoped
public class Embedder {
    public static final int DIMENSIONS = 384;
    private static final int MAX_CHARS = 2_000;
    private volatile AllMiniLmL6V2EmbeddingModel model;

    public float[] embed(String text) {
        String clipped = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        float[] v = model().embed(clipped.isBlank() ? "empty" : clipped).content().vector();
        return MemoryIndex.normalized(v);
    }

    private AllMiniLmL6V2EmbeddingModel model() {
        AllMiniLmL6V2EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2EmbeddingModel();
                }
                m = model;
            }
        }
        return m;
    }
}
