package dev.arbiter.router;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arbiter.verifier.Dimension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The task as the learning voters see it: its dimension, its group (the source benchmark, read from ids such as
 * "dim2_lcb_abc373_b", or metadata "source", else the language) and named tokens — id tokens (numbers reduced to
 * their order of magnitude, letter+number runs to their letters), the language, metadata pairs and the prompt's
 * length band. Hashed into a fixed-width vector for the linear bandits.
 */
public record TaskFeatures(Dimension dimension, String group, List<String> tokens) {
    public static final int WIDTH = 256;
    private static final java.util.regex.Pattern ID_PREFIX = java.util.regex.Pattern.compile("^dim\\d+_([a-z0-9]+)_?(.*)$");
    private static final java.util.regex.Pattern SPLIT = java.util.regex.Pattern.compile("[_/\\-.:\\s]+");
    private static final java.util.regex.Pattern LETTERS_DIGITS = java.util.regex.Pattern.compile("([a-z]+)\\d+");

    public static TaskFeatures of(RouteTask task) {
        String id = task.id().toLowerCase(Locale.ROOT);
        Map<String, String> meta = task.metadata() == null ? Map.of() : task.metadata();
        Matcher prefix = ID_PREFIX.matcher(id);
        String rest = id;
        String group = meta.get("source");
        if (prefix.matches()) {
            group = group == null ? prefix.group(1) : group;
            rest = prefix.group(2);
        }
        if (group == null) {
            group = task.language() == null ? "any" : task.language().toLowerCase(Locale.ROOT);
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (String t : SPLIT.split(rest)) {
            if (t.isEmpty()) {
                continue;
            }
            if (t.chars().allMatch(Character::isDigit)) {
                tokens.add("id#" + (int) Math.floor(Math.log(Double.parseDouble(t.length() > 15 ? t.substring(0, 15) : t) + 1) / Math.log(2)));
            } else {
                Matcher ld = LETTERS_DIGITS.matcher(t);
                tokens.add("id:" + (ld.matches() ? ld.group(1) : t));
            }
        }
        if (task.language() != null) {
            tokens.add("lang:" + task.language().toLowerCase(Locale.ROOT));
        }
        meta.forEach((k, v) -> tokens.add(("meta:" + k + "=" + v.toLowerCase(Locale.ROOT)).replaceAll("\\s+", "_")));
        if (task.prompt() != null && !task.prompt().isEmpty()) {
            tokens.add("len#" + (int) Math.floor(Math.log(task.prompt().length() + 1) / Math.log(2)));
        }
        return new TaskFeatures(task.dimension(), group, List.copyOf(tokens));
    }

    /** Bias, dimension, dimension x group and each token, hashed into {@link #WIDTH} slots, each 1 / sqrt(count). */
    public double[] vector() {
        List<String> names = new ArrayList<>(List.of("bias", "dim=" + dimension.wireName(), "group=" + dimension.wireName() + "/" + group));
        tokens.forEach(t -> names.add(dimension.wireName() + "|" + t));
        double[] x = new double[WIDTH];
        double scale = 1.0 / Math.sqrt(names.size());
        for (String n : names) {
            x[Math.floorMod(hash(n), WIDTH)] += scale;
        }
        return x;
    }

    /** The text a task is embedded by: its prompt, or — benchmark tasks often have none — its dimension and id words. */
    public static String embeddingText(RouteTask task) {
        return task.prompt() != null && !task.prompt().isBlank() ? task.prompt()
                : task.dimension().wireName() + " " + task.id().replaceAll("[_/\\-.:]+", " ");
    }

    /**
     * For storage: a JSON object of the typed fields, so that what feedback learns on is exactly what the decision
     * used ({@link #parse} reads it back equal, whatever a group or token contains, spaces included).
     */
    public String encode() {
        ObjectNode o = JSON.createObjectNode().put("dimension", dimension.wireName()).put("group", group);
        var list = o.putArray("tokens");
        tokens.forEach(list::add);
        return o.toString();
    }

    /** For people (a decision's evidence): dimension, group and tokens, space-separated. */
    public String describe() {
        return dimension.wireName() + " " + group + (tokens.isEmpty() ? "" : " " + String.join(" ", tokens));
    }

    /** Reads {@link #encode}'s JSON, or the space-separated form stores held before it (read as it always was). */
    public static TaskFeatures parse(String encoded) {
        if (encoded.startsWith("{")) {
            try {
                JsonNode o = JSON.readTree(encoded);
                List<String> tokens = new ArrayList<>();
                o.path("tokens").forEach(t -> tokens.add(t.asText()));
                return new TaskFeatures(Dimension.fromWire(o.path("dimension").asText()), o.path("group").asText(),
                        List.copyOf(tokens));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("stored task features are not readable: " + e.getOriginalMessage(), e);
            }
        }
        String[] parts = encoded.split(" ");
        return new TaskFeatures(Dimension.fromWire(parts[0]), parts[1], List.of(parts).subList(2, parts.length));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** FNV-1a: stable across runs and JVMs, unlike String.hashCode's use in a seeded context. */
    private static int hash(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x01000193;
        }
        return h;
    }
}
