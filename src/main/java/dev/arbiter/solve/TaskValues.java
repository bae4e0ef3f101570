package dev.arbiter.solve;

import dev.arbiter.verifier.Task;
import java.util.Map;
import java.util.stream.Collectors;

/** A task's fields as template values; what a task does not have is empty. Tests are never shown to the model. */
final class TaskValues {
    private TaskValues() {
    }

    static Map<String, String> of(Task task) {
        return Map.of(
                "dimension", task.dimension().wireName(),
                "language", task.language(),
                "prompt", task.prompt(),
                "entry_point", orEmpty(task.entryPoint()),
                "original", orEmpty(task.original()),
                "repository", repository(task.repository()));
    }

    private static String repository(Task.Repository repo) {
        if (repo == null) {
            return "";
        }
        return repo.files().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> "--- " + e.getKey() + "\n" + e.getValue())
                .collect(Collectors.joining("\n"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
