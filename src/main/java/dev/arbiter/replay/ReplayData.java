package dev.arbiter.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.router.OutcomeMatrix;
import dev.arbiter.router.RouteTask;
import dev.arbiter.verifier.Dimension;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A replay's input: the tasks in stream order (the tasks file's order when given, else first appearance in the
 * matrix), each with every model's recorded outcome, and the models (sorted by name, so runs are reproducible).
 */
public record ReplayData(List<ReplayTask> tasks, List<String> models) {

    /** One recorded outcome. */
    public record Outcome(double score, double cost) {
        public double reward(double lambda) {
            return score - lambda * cost;
        }
    }

    /** A task of the stream: what a router may see, and every model's outcome, which only the replay may look at. */
    public record ReplayTask(RouteTask task, Map<String, Outcome> outcomes) {
        public String id() {
            return task.id();
        }
    }

    public static ReplayData load(Path matrixFile, Path tasksFile) throws IOException {
        OutcomeMatrix matrix = OutcomeMatrix.read(matrixFile);
        Map<String, Map<String, Outcome>> outcomes = new LinkedHashMap<>();
        Map<String, Dimension> dimensions = new LinkedHashMap<>();
        TreeSet<String> models = new TreeSet<>();
        for (OutcomeMatrix.Row r : matrix.rows()) {
            outcomes.computeIfAbsent(r.taskId(), k -> new LinkedHashMap<>()).put(r.model(), new Outcome(r.score(), r.cost()));
            dimensions.putIfAbsent(r.taskId(), r.dimension());
            models.add(r.model());
        }
        Map<String, RouteTask> described = new LinkedHashMap<>();
        if (tasksFile != null) {
            ObjectMapper json = new ObjectMapper();
            try (BufferedReader in = Files.newBufferedReader(tasksFile)) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode t = json.readTree(line);
                    String id = t.path("task_id").asText(t.path("id").asText());
                    Map<String, String> meta = new LinkedHashMap<>();
                    for (String k : List.of("bench", "source", "difficulty")) {
                        if (t.hasNonNull(k)) {
                            meta.put(k, t.get(k).asText());
                        }
                    }
                    Dimension d = t.hasNonNull("dimension") ? Dimension.fromWire(t.get("dimension").asText()) : dimensions.get(id);
                    String prompt = t.hasNonNull("prompt") ? t.get("prompt").asText() : null;
                    String language = t.hasNonNull("language") ? t.get("language").asText() : null;
                    described.put(id, new RouteTask(id, d, language, prompt, null, meta.isEmpty() ? null : meta));
                }
            }
        }
        List<ReplayTask> tasks = new ArrayList<>();
        List<String> order = new ArrayList<>(described.isEmpty() ? outcomes.keySet() : described.keySet());
        for (String id : order) {
            Map<String, Outcome> o = outcomes.get(id);
            if (o == null || o.size() < models.size()) {
                continue;
            }
            RouteTask task = described.getOrDefault(id, new RouteTask(id, dimensions.get(id), null, null, null, null));
            tasks.add(new ReplayTask(task, Map.copyOf(o)));
        }
        return new ReplayData(List.copyOf(tasks), List.copyOf(models));
    }
}
