package dev.arbiter.verifier.signal.tampering;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.arbiter.verifier.Dimension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * verifier-rules/tampering.yaml: the syntax-tree shapes that make a verdict {@code failed / tampering}, and the
 * repository paths an agentic patch may not add or change. Read at start-up; a mistake is refused with the file, the
 * line and the problem, so a typo in a node type cannot silently switch a rule off.
 */
public record TamperingRules(List<Rule> rules, Shadowing shadowing, Set<Dimension> skipDimensions) {
    public static final Set<String> LANGUAGES = Set.of("python", "javascript", "cpp", "go", "rust", "java");
    /** Task shapes a rule may require. */
    public static final Set<String> WHEN = Set.of("tests", "entry_point");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * One rule: a node of one of {@code nodes} whose text (or the text of {@code field}, or of each named child of it
     * with {@code each}) matches one of {@code names} (globs, whole text) or {@code pattern} (a regular expression,
     * found anywhere); every {@code where} condition holds on the node itself, some ancestor matches each of
     * {@code inside}, none matches any of {@code notInside}; {@code constantBody} asks that the definition's body be
     * one return of a literal. {@code when} names the task shapes the rule needs; with {@code exceptEntryPoint} a match
     * whose text is the task's entry point does not count.
     */
    public record Rule(String id, String language, List<String> nodes, String field, boolean each,
            List<Pattern> names, Pattern pattern, List<Condition> where, List<Condition> inside,
            List<Condition> notInside, boolean constantBody, Set<String> when, boolean exceptEntryPoint,
            String message) {
        public boolean matchesText(String text) {
            return Condition.matches(text, names, pattern);
        }

        /** Names are compared with the text without whitespace, patterns searched in it with whitespace kept. */
        public boolean matchesText(String compact, String spaced) {
            return Condition.matches(pattern != null ? spaced : compact, names, pattern);
        }
    }

    /** A test on a node (its type, optionally) and the text of one of its fields (optionally). */
    public record Condition(String node, String field, boolean each, List<Pattern> names, Pattern pattern) {
        static boolean matches(String text, List<Pattern> names, Pattern pattern) {
            if (text == null) {
                return false;
            }
            if (pattern != null) {
                return pattern.matcher(text).find();
            }
            return names.isEmpty() || names.stream().anyMatch(p -> p.matcher(text).matches());
        }

        public boolean matchesText(String text) {
            return matches(text, names, pattern);
        }

        public boolean matchesText(String compact, String spaced) {
            return matches(pattern != null ? spaced : compact, names, pattern);
        }

        public boolean hasTextTest() {
            return pattern != null || !names.isEmpty();
        }
    }

    /**
     * Repository paths an agentic patch may not add or change: files and directories (by name, globs) that the test
     * framework or the interpreter load on their own, standard-library module names, test-discovery names next to
     * the task's tests, and config files that hold test-framework sections.
     */
    public record Shadowing(List<Pattern> files, List<Pattern> directories, Set<String> stdlibModules,
            List<Pattern> testDiscovery, List<ConfigSection> configSections) {
    }

    /** A config file that is refused when the patched content holds a test-framework section. */
    public record ConfigSection(Pattern file, Pattern section) {
    }

    record RawFile(@JsonProperty(value = "rules", required = true) List<RawRule> rules,
            @JsonProperty("shadowing") RawShadowing shadowing,
            @JsonProperty("skip-dimensions") List<String> skipDimensions) {
    }

    record RawRule(@JsonProperty("id") String id, @JsonProperty("language") String language,
            @JsonProperty("nodes") List<String> nodes, @JsonProperty("field") String field,
            @JsonProperty("each") Boolean each, @JsonProperty("names") List<String> names,
            @JsonProperty("pattern") String pattern, @JsonProperty("where") List<RawCondition> where,
            @JsonProperty("inside") List<RawCondition> inside, @JsonProperty("not-inside") List<RawCondition> notInside,
            @JsonProperty("constant-body") Boolean constantBody, @JsonProperty("when") List<String> when,
            @JsonProperty("except-entry-point") Boolean exceptEntryPoint, @JsonProperty("message") String message) {
    }

    record RawCondition(@JsonProperty("node") String node, @JsonProperty("field") String field,
            @JsonProperty("each") Boolean each, @JsonProperty("names") List<String> names,
            @JsonProperty("pattern") String pattern) {
    }

    record RawShadowing(@JsonProperty("files") List<String> files, @JsonProperty("directories") List<String> directories,
            @JsonProperty("stdlib-modules") List<String> stdlibModules,
            @JsonProperty("test-discovery") List<String> testDiscovery,
            @JsonProperty("config-sections") List<RawSection> configSections) {
    }

    record RawSection(@JsonProperty("file") String file, @JsonProperty("section") String section) {
    }

    /**
     * Reads and validates the rules. {@code nodeTypeKnown} and {@code fieldKnown} answer, per language, whether the
     * grammar has a node type or field of that name (Tree-sitter's symbol table, JavaParser's node classes).
     */
    public static TamperingRules load(Path file, Vocabulary vocabulary) {
        RawFile raw;
        try {
            raw = YAML.readValue(file.toFile(), RawFile.class);
        } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException e) {
            Problems at = new Problems(file);
            throw new IllegalStateException(file + ":" + at.line(null, e.getPropertyName()) + ": unknown key "
                    + e.getPropertyName() + "; known: " + e.getKnownPropertyIds(), e);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalStateException(file + (loc != null ? ":" + loc.getLineNr() : "") + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot read: " + e.getMessage(), e);
        }
        Problems problems = new Problems(file);
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < raw.rules().size(); i++) {
            RawRule r = raw.rules().get(i);
            String where = r == null || r.id() == null ? "rules[" + i + "]" : r.id();
            if (r == null || r.id() == null || !ID.matcher(r.id()).matches()) {
                problems.add(where, "id", "each rule needs an id of lower-case letters, digits and -");
                continue;
            }
            if (!ids.add(r.id())) {
                problems.add(where, "id", "the id is used twice");
            }
            Rule rule = rule(r, vocabulary, problems);
            if (rule != null) {
                rules.add(rule);
            }
        }
        Shadowing shadowing = shadowing(raw.shadowing(), problems);
        Set<Dimension> skip = new HashSet<>();
        for (String d : raw.skipDimensions() == null ? List.<String>of() : raw.skipDimensions()) {
            try {
                skip.add(Dimension.fromWire(d));
            } catch (IllegalArgumentException e) {
                problems.add(null, "skip-dimensions", e.getMessage());
            }
        }
        problems.throwIfAny();
        return new TamperingRules(List.copyOf(rules), shadowing, Set.copyOf(skip));
    }

    /** What the grammars of the languages know, to refuse a rule naming a node type or field that does not exist. */
    public interface Vocabulary {
        boolean nodeType(String language, String type);

        boolean field(String language, String field);
    }

    private static Rule rule(RawRule r, Vocabulary vocabulary, Problems problems) {
        String id = r.id();
        if (r.language() == null || !LANGUAGES.contains(r.language())) {
            problems.add(id, "language", "unknown language " + r.language() + "; known: " + LANGUAGES);
            return null;
        }
        if (r.nodes() == null || r.nodes().isEmpty()) {
            problems.add(id, "nodes", "a rule needs the node types it matches");
            return null;
        }
        for (String n : r.nodes()) {
            if (!vocabulary.nodeType(r.language(), n)) {
                problems.add(id, "nodes", "the " + r.language() + " grammar has no node type " + n);
            }
        }
        checkField(id, r.language(), r.field(), vocabulary, problems);
        if (r.message() == null || r.message().isBlank()) {
            problems.add(id, "message", "a rule needs a message saying why the construct is refused");
        }
        if (r.names() != null && r.pattern() != null) {
            problems.add(id, "pattern", "give names or a pattern, not both");
        }
        if (r.names() == null && r.pattern() == null && r.where() == null && !Boolean.TRUE.equals(r.constantBody())
                && r.inside() == null && r.notInside() == null) {
            problems.add(id, "nodes", "a rule needs names, a pattern or a condition: it would match every such node");
        }
        Set<String> when = new HashSet<>(r.when() == null ? List.of() : r.when());
        if (!WHEN.containsAll(when)) {
            problems.add(id, "when", "unknown task shape in " + when + "; known: " + WHEN);
        }
        return new Rule(id, r.language(), List.copyOf(r.nodes()), r.field(), Boolean.TRUE.equals(r.each()),
                globs(id, "names", r.names(), problems), regex(id, "pattern", r.pattern(), problems),
                conditions(id, "where", r.language(), r.where(), vocabulary, problems, false),
                conditions(id, "inside", r.language(), r.inside(), vocabulary, problems, true),
                conditions(id, "not-inside", r.language(), r.notInside(), vocabulary, problems, true),
                Boolean.TRUE.equals(r.constantBody()), Set.copyOf(when), Boolean.TRUE.equals(r.exceptEntryPoint()),
                r.message() == null ? "" : r.message().strip());
    }

    private static List<Condition> conditions(String id, String key, String language, List<RawCondition> raw,
            Vocabulary vocabulary, Problems problems, boolean needsNode) {
        List<Condition> out = new ArrayList<>();
        for (RawCondition c : raw == null ? List.<RawCondition>of() : raw) {
            if (c == null) {
                continue;
            }
            if (needsNode && c.node() == null) {
                problems.add(id, key, "each condition names the ancestor's node type");
            }
            if (c.node() != null && !vocabulary.nodeType(language, c.node())) {
                problems.add(id, key, "the " + language + " grammar has no node type " + c.node());
            }
            if (!needsNode && c.field() == null) {
                problems.add(id, key, "a where condition tests a field of the matched node");
            }
            if (c.names() != null && c.pattern() != null) {
                problems.add(id, key, "give names or a pattern, not both");
            }
            checkField(id, language, c.field(), vocabulary, problems);
            out.add(new Condition(c.node(), c.field(), Boolean.TRUE.equals(c.each()), globs(id, key, c.names(), problems),
                    regex(id, key, c.pattern(), problems)));
        }
        return List.copyOf(out);
    }

    /**
     * A field path: field names joined by dots; "#N" is the N-th named child, "@type" the first child of that type.
     */
    private static void checkField(String id, String language, String path, Vocabulary vocabulary, Problems problems) {
        if (path == null) {
            return;
        }
        for (String part : path.split("\\.")) {
            if (part.startsWith("#")) {
                if (!part.substring(1).matches("\\d+")) {
                    problems.add(id, "field", "#N names the N-th named child: " + part);
                }
            } else if (part.startsWith("@")) {
                if (!vocabulary.nodeType(language, part.substring(1))) {
                    problems.add(id, "field", "the " + language + " grammar has no node type " + part.substring(1));
                }
            } else if (!vocabulary.field(language, part)) {
                problems.add(id, "field", "the " + language + " grammar has no field " + part);
            }
        }
    }

    private static Shadowing shadowing(RawShadowing raw, Problems problems) {
        if (raw == null) {
            return new Shadowing(List.of(), List.of(), Set.of(), List.of(), List.of());
        }
        List<ConfigSection> sections = new ArrayList<>();
        for (RawSection s : raw.configSections() == null ? List.<RawSection>of() : raw.configSections()) {
            if (s == null || s.file() == null || s.section() == null) {
                problems.add(null, "config-sections", "each entry names a file glob and a section pattern");
                continue;
            }
            List<Pattern> file = globs(null, "config-sections", List.of(s.file()), problems);
            Pattern section = regex(null, "config-sections", s.section(), problems);
            if (!file.isEmpty() && section != null) {
                sections.add(new ConfigSection(file.get(0), section));
            }
        }
        Set<String> stdlib = Set.copyOf(raw.stdlibModules() == null ? List.of() : raw.stdlibModules());
        stdlib.stream().filter(Predicate.not(m -> m.matches("[A-Za-z_][A-Za-z0-9_]*"))).forEach(m ->
                problems.add(null, "stdlib-modules", "not a module name: " + m));
        return new Shadowing(globs(null, "files", raw.files(), problems), globs(null, "directories", raw.directories(), problems),
                stdlib, globs(null, "test-discovery", raw.testDiscovery(), problems), List.copyOf(sections));
    }

    /** Globs: '*' stands for any run of characters; everything else is literal. */
    private static List<Pattern> globs(String id, String key, List<String> globs, Problems problems) {
        List<Pattern> out = new ArrayList<>();
        for (String g : globs == null ? List.<String>of() : globs) {
            if (g == null || g.isBlank()) {
                problems.add(id, key, "an empty name");
                continue;
            }
            out.add(Pattern.compile(glob(g)));
        }
        return List.copyOf(out);
    }

    static String glob(String g) {
        String[] parts = g.split("\\*", -1);
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                re.append(".*");
            }
            if (!parts[i].isEmpty()) {
                re.append(Pattern.quote(parts[i]));
            }
        }
        return re.toString();
    }

    private static Pattern regex(String id, String key, String regex, Problems problems) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            problems.add(id, key, "not a regular expression: " + e.getDescription());
            return null;
        }
    }

    /** Problems found while reading, each placed at the line of its rule's key. */
    private static final class Problems {
        private final Path file;
        private final List<String> lines;
        private final List<String> found = new ArrayList<>();

        Problems(Path file) {
            this.file = file;
            List<String> read;
            try {
                read = Files.readAllLines(file);
            } catch (IOException e) {
                read = List.of();
            }
            this.lines = read;
        }

        void add(String ruleId, String key, String problem) {
            found.add(file + ":" + line(ruleId, key) + ": " + (ruleId == null ? "" : "rule " + ruleId + ": ") + key + ": "
                    + problem);
        }

        /** The line of {@code key} at or after the line holding "id: ruleId" (or anywhere, without a rule). */
        private int line(String ruleId, String key) {
            int from = 0;
            if (ruleId != null) {
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).matches("\\s*-?\\s*id:\\s*" + Pattern.quote(ruleId) + "\\s*(#.*)?")) {
                        from = i;
                        break;
                    }
                }
            }
            Pattern k = Pattern.compile("(^|[\\s{,-])" + Pattern.quote(key) + "\\s*:");
            for (int i = from; i < lines.size(); i++) {
                if (i > from && ruleId != null && lines.get(i).matches("\\s*-\\s*id:.*")) {
                    break;
                }
                if (k.matcher(lines.get(i).replaceAll("#.*$", "")).find()) {
                    return i + 1;
                }
            }
            return from + 1;
        }

        void throwIfAny() {
            if (!found.isEmpty()) {
                throw new IllegalStateException(String.join("; ", found));
            }
        }
    }
}
