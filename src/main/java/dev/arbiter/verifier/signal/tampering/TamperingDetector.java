package dev.arbiter.verifier.signal.tampering;

import dev.arbiter.verifier.Task;
import dev.arbiter.verifier.signal.ast.Grammar;
import dev.arbiter.verifier.signal.tampering.TamperingRules.Rule;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.treesitter.TSLanguage;

/**
 * Static tampering detection: finds, in the candidate's program, a construct that reaches for the machinery judging
 * it (the test runner's frames, patched assertions, lying comparison operators, a report forged at compile time...),
 * by the syntax-tree rules of verifier-rules/tampering.yaml. A finding is a verdict ({@code failed / tampering}), not
 * a confidence nudge, so the rules name only constructs that honest code for the task's shape does not need; the
 * merely suspicious (an exit call inside a function, shelling out) stay in the AST signal's forbidden list.
 * Lines the program took from the task's prompt are trusted and not searched.
 */
@ApplicationScoped
@Startup
public class TamperingDetector {
    private final TamperingRules rules;
    private final Map<String, Map<String, List<Rule>>> byLanguageAndNode = new HashMap<>();

    @Inject
    public TamperingDetector(@ConfigProperty(name = "arbiter.verifier.rules-dir", defaultValue = "verifier-rules") String dir) {
        this(TamperingRules.load(Path.of(dir, "tampering.yaml"), new GrammarVocabulary()));
    }

    public TamperingDetector(TamperingRules rules) {
        this.rules = rules;
        for (Rule rule : rules.rules()) {
            var byNode = byLanguageAndNode.computeIfAbsent(rule.language(), l -> new HashMap<>());
            rule.nodes().forEach(n -> byNode.computeIfAbsent(n, k -> new java.util.ArrayList<>()).add(rule));
        }
    }

    public TamperingRules rules() {
        return rules;
    }

    /** The first tampering construct of the program, in source order; empty for honest code or an unserved language. */
    public Optional<TamperingFinding> find(String language, String programSource, Task task) {
        Map<String, List<Rule>> byNode = byLanguageAndNode.get(language);
        if (byNode == null || programSource == null || rules.skipDimensions().contains(task.dimension())) {
            return Optional.empty();
        }
        Set<String> shape = new HashSet<>();
        if (task.hasTests() || task.hasStdioTests()) {
            shape.add("tests");
        }
        if (task.entryPoint() != null) {
            shape.add("entry_point");
        }
        Predicate<Rule> applies = r -> shape.containsAll(r.when());
        int firstLine = trustedPrefixLines(programSource, task.prompt()) + 1;
        if (language.equals("java")) {
            return JavaTreeMatcher.find(programSource, byNode, applies, task.entryPoint(), firstLine);
        }
        return Grammar.of(language).flatMap(g ->
                SyntaxTreeMatcher.find(g, programSource, byNode, applies, task.entryPoint(), firstLine));
    }

    /**
     * How many leading lines of the program came from the task's prompt: the whole prompt when the program starts with
     * it (a completion), else the leading run of lines that the prompt also holds (its imports before a whole
     * definition). Those lines are the task's, not the candidate's.
     */
    static int trustedPrefixLines(String program, String prompt) {
        if (prompt == null || prompt.isEmpty()) {
            return 0;
        }
        if (program.startsWith(prompt)) {
            long complete = prompt.chars().filter(c -> c == '\n').count();
            return (int) complete;
        }
        Set<String> promptLines = new HashSet<>(prompt.lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
        int n = 0;
        for (String line : program.split("\n", -1)) {
            if (line.isBlank() || !promptLines.contains(line.strip())) {
                break;
            }
            n++;
        }
        return n;
    }

    /** Node types and fields as the grammars know them: Tree-sitter's symbol tables, JavaParser's node classes. */
    static final class GrammarVocabulary implements TamperingRules.Vocabulary {
        private final Map<String, TSLanguage> languages = new HashMap<>();

        private TSLanguage language(String name) {
            return languages.computeIfAbsent(name, n -> Grammar.of(n).map(g -> g.grammar().get()).orElse(null));
        }

        @Override
        public boolean nodeType(String language, String type) {
            if (language.equals("java")) {
                return JavaTreeMatcher.nodeType(type);
            }
            TSLanguage l = language(language);
            return l != null && (l.symbolForName(type, true) != 0 || l.symbolForName(type, false) != 0);
        }

        @Override
        public boolean field(String language, String field) {
            if (language.equals("java")) {
                return JavaTreeMatcher.FIELDS.contains(field);
            }
            TSLanguage l = language(language);
            return l != null && l.fieldIdForName(field) != 0;
        }
    }
}
