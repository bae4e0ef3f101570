package dev.arbiter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arbiter.verifier.Response;
import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.VerificationRequest;
import jakarta.validation.Validator;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The input of a batch: one (task, model, response) per JSON line. An item's id is its {@code "id"} when the line
 * has one, else {@code <task.id>|<model>} (the model as given, empty when none): both depend on the line's content
 * only, so sharding and resuming find the same id on every run. A line that cannot be read, fails validation or
 * repeats an id already seen is skipped with its line number; which lines those are depends on the whole file, so
 * every shard of it skips the same ones.
 */
final class ResponseInput {
    private final ObjectMapper json;
    private final Validator validator;

    ResponseInput(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    record Item(int line, String id, String model, double cost, VerificationRequest request) {
    }

    /** The items of a file in line order and, per line skipped, {@code <file>:<line>: skipped: <why>}. */
    record Lines(List<Item> items, List<String> skipped) {
    }

    Lines read(Path in) throws IOException {
        List<Item> items = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        try (BufferedReader reader = Files.newBufferedReader(in)) {
            int n = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Item item = item(n, line);
                    Integer first = firstLine.putIfAbsent(item.id(), n);
                    if (first != null) {
                        throw new IllegalArgumentException("id '" + item.id() + "' is already on line " + first
                                + " (give each line its own \"id\")");
                    }
                    items.add(item);
                } catch (RuntimeException | IOException e) {
                    String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                    skipped.add(in + ":" + n + ": skipped: " + why);
                }
            }
        }
        return new Lines(items, skipped);
    }

    private Item item(int lineNumber, String line) throws IOException {
        JsonNode node = json.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Task task = json.treeToValue(node.get("task"), Task.class);
        if (task == null) {
            throw new IllegalArgumentException("no task");
        }
        JsonNode r = node.get("response");
        String text = r == null ? null : r.isTextual() ? r.asText() : r.path("text").asText(null);
        String model = node.path("model").asText(r != null && r.isObject() ? r.path("model").asText("") : "");
        double cost = node.path("cost").asDouble(r != null && r.isObject() ? r.path("costUsd").asDouble(0) : 0);
        VerificationRequest request = new VerificationRequest(task, new Response(text, model.isEmpty() ? null : model, cost));
        var violations = validator.validate(request);
        if (!violations.isEmpty()) {
            var v = violations.iterator().next();
            throw new IllegalArgumentException(v.getPropertyPath() + " " + v.getMessage());
        }
        String id = node.hasNonNull("id") ? node.get("id").asText() : task.id() + "|" + model;
        return new Item(lineNumber, id, model, cost, request);
    }
}
