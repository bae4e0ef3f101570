package dev.arbiter.solve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arbiter.provider.ChatMessage;
import dev.arbiter.verifier.Dimension;
import dev.arbiter.verifier.Task;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The prompt of each dimension, read from verifier-rules/prompts/: {@code default.yaml} for every dimension, and
 * {@code <dimension>.yaml} (e.g. bug_fixing.yaml) where one says more. A missing default, an unknown placeholder or an
 * unknown file name stops start-up with the file, the line and the problem.
 */
@ApplicationScoped
@Startup
public class PromptTemplates {
    /** What a template may use; {@code diagnosis} only in {@code repair}. */
    static final Set<String> TASK_FIELDS = Set.of("dimension", "language", "prompt", "entry_point", "original", "repository");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<Dimension, PromptTemplate> templates;

    @Inject
    public PromptTemplates(@ConfigProperty(name = "arbiter.verifier.rules-dir", defaultValue = "verifier-rules") String rulesDir) {
        this(load(Path.of(rulesDir, "prompts")));
    }

    public PromptTemplates(Map<Dimension, PromptTemplate> templates) {
        this.templates = Map.copyOf(templates);
    }

    public PromptTemplate of(Dimension d) {
        return templates.get(d);
    }

    /** The first call's messages for a task. */
    public List<ChatMessage> first(Task task) {
        PromptTemplate t = of(task.dimension());
        Map<String, String> values = TaskValues.of(task);
        List<ChatMessage> messages = new ArrayList<>();
        if (t.system() != null && !t.system().isBlank()) {
            messages.add(ChatMessage.system(Placeholders.render(t.system(), values).strip()));
        }
        messages.add(ChatMessage.user(Placeholders.render(t.user(), values).strip()));
        return messages;
    }

    /** The same conversation, the failed answer and the verifier's diagnosis appended. */
    public List<ChatMessage> repair(Task task, String failedAnswer, String diagnosis) {
        Map<String, String> values = new HashMap<>(TaskValues.of(task));
        values.put("diagnosis", diagnosis);
        List<ChatMessage> messages = new ArrayList<>(first(task));
        messages.add(new ChatMessage(ChatMessage.Role.ASSISTANT, failedAnswer));
        messages.add(ChatMessage.user(Placeholders.render(of(task.dimension()).repair(), values).strip()));
        return messages;
    }

    static Map<Dimension, PromptTemplate> load(Path dir) {
        PromptTemplate fallback = read(dir.resolve("default.yaml"));
        Map<Dimension, PromptTemplate> byDimension = new EnumMap<>(Dimension.class);
        for (Dimension d : Dimension.values()) {
            byDimension.put(d, fallback);
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String name = f.getFileName().toString().replaceFirst("\\.yaml$", "");
                if (!name.equals("default")) {
                    byDimension.put(dimension(f, name), read(f));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(dir + ": cannot list: " + e.getMessage(), e);
        }
        return byDimension;
    }

    private static Dimension dimension(Path file, String name) {
        try {
            return Dimension.fromWire(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": the file name must be default or a dimension: " + e.getMessage());
        }
    }

    private static PromptTemplate read(Path file) {
        String text;
        PromptTemplate t;
        try {
            text = Files.readString(file);
            t = YAML.readValue(text, PromptTemplate.class);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalStateException(file + (loc != null ? ":" + loc.getLineNr() : "") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read: " + e.getMessage(), e);
        }
        check(file, text, "system", t.system(), TASK_FIELDS);
        check(file, text, "user", t.user(), TASK_FIELDS);
        Set<String> repairFields = new HashSet<>(TASK_FIELDS);
        repairFields.add("diagnosis");
        check(file, text, "repair", t.repair(), repairFields);
        return t;
    }

    private static void check(Path file, String text, String field, String template, Set<String> allowed) {
        if (template == null) {
            return;
        }
        for (String name : Placeholders.names(template)) {
            if (!allowed.contains(name)) {
                throw new IllegalStateException(file + ":" + lineOf(text, name) + ": " + field + ": unknown placeholder {{"
                        + name + "}}; known: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        if (!Placeholders.balanced(template)) {
            throw new IllegalStateException(file + ": " + field + ": a {{#section}} is not closed by its {{/section}}");
        }
    }

    /** The line of the first use of a placeholder (a block scalar's lines are the file's lines). */
    private static int lineOf(String text, String name) {
        var m = Pattern.compile("\\{\\{[#/]?\\s*" + Pattern.quote(name)).matcher(text);
        int at = m.find() ? m.start() : 0;
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
