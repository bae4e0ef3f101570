package dev.arbiter.verifier.program;

import dev.arbiter.verifier.signal.ast.Grammar;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * What the JavaScript judge needs to know of the sources, read with Tree-sitter: the top-level names a program
 * defines (each becomes a call into the candidate's process), the prompt's complete helper declarations (run by the
 * judge itself, so a candidate cannot redefine them for the tests) and the tests' top-level statements.
 */
final class JavascriptSource {
    private static final Set<String> DECLARATIONS = Set.of("function_declaration", "generator_function_declaration",
            "class_declaration", "lexical_declaration", "variable_declaration");
    private static final Pattern ASSERT = Pattern.compile("\\bassert\\b");
    private static final int MAX_BYTES = 1_000_000;

    private JavascriptSource() {
    }

    /** One top-level statement of the tests: where it starts (1-based line, 0-based column) and its text. */
    record Statement(int line, int column, String code, boolean asserts) {
    }

    /** The prompt's helpers: the source of its complete declarations before the entry point, and their names. */
    record Helpers(String source, List<String> names) {
        static final Helpers NONE = new Helpers(null, List.of());
    }

    /** The names a program declares at top level (functions, classes, variables, destructured names). */
    static Set<String> topLevelNames(String code) {
        Set<String> names = new LinkedHashSet<>();
        parse(code).ifPresent(p -> {
            for (TSNode node : topLevel(p.root())) {
                declaredNames(unwrapExport(node), p.bytes(), names);
            }
        });
        return names;
    }

    /** Plain identifiers the tests call (f(...)): candidate functions the program may define in other ways. */
    static Set<String> calledNames(String tests) {
        Set<String> names = new LinkedHashSet<>();
        parse(tests).ifPresent(p -> {
            Deque<TSNode> stack = new ArrayDeque<>();
            stack.push(p.root());
            int visited = 0;
            while (!stack.isEmpty() && visited++ < 500_000) {
                TSNode node = stack.pop();
                if (node.getType().equals("call_expression")) {
                    TSNode fn = node.getChildByFieldName("function");
                    if (fn != null && !fn.isNull() && fn.getType().equals("identifier")) {
                        names.add(text(fn, p.bytes()));
                    }
                }
                for (int i = node.getChildCount() - 1; i >= 0; i--) {
                    stack.push(node.getChild(i));
                }
            }
        });
        names.removeAll(topLevelNames(tests));
        return names;
    }

    /**
     * The prompt's declarations that come before the entry point's own (an unfinished stub) and parse cleanly: the
     * task's helpers such as HumanEval's poly or encodeCyclic. A prose prompt, or one that does not parse, has none.
     */
    static Helpers helpers(String prompt, String entryPoint) {
        if (prompt == null || prompt.isBlank()) {
            return Helpers.NONE;
        }
        String before = prompt;
        if (entryPoint != null) {
            var m = Pattern.compile("(?m)^(export\\s+)?(async\\s+)?function\\s*\\*?\\s*" + Pattern.quote(entryPoint)
                    + "\\s*\\(|^(export\\s+)?(const|let|var)\\s+" + Pattern.quote(entryPoint) + "\\s*=").matcher(prompt);
            if (m.find()) {
                before = prompt.substring(0, m.start());
            }
        }
        Optional<Parsed> parsed = parse(before);
        if (parsed.isEmpty() || parsed.get().root().hasError()) {
            return Helpers.NONE;
        }
        StringBuilder source = new StringBuilder();
        Set<String> names = new LinkedHashSet<>();
        for (TSNode node : topLevel(parsed.get().root())) {
            TSNode decl = unwrapExport(node);
            if (!DECLARATIONS.contains(decl.getType())) {
                continue;
            }
            Set<String> declared = new LinkedHashSet<>();
            declaredNames(decl, parsed.get().bytes(), declared);
            if (declared.isEmpty() || declared.contains(entryPoint)) {
                continue;
            }
            names.addAll(declared);
            source.append(text(decl, parsed.get().bytes())).append('\n');
        }
        return names.isEmpty() ? Helpers.NONE : new Helpers(source.toString(), List.copyOf(names));
    }

    /**
     * The tests' top-level statements, or the whole text as one statement when it does not parse (the judge then
     * reports the tests' own syntax error).
     */
    static List<Statement> statements(String tests) {
        if (tests == null || tests.isBlank()) {
            return List.of();
        }
        Optional<Parsed> parsed = parse(tests);
        if (parsed.isEmpty() || parsed.get().root().hasError()) {
            return List.of(new Statement(1, 0, tests, ASSERT.matcher(tests).find()));
        }
        List<Statement> out = new ArrayList<>();
        for (TSNode node : topLevel(parsed.get().root())) {
            if (node.getType().equals("comment") || node.getType().equals("empty_statement")) {
                continue;
            }
            String code = text(node, parsed.get().bytes());
            out.add(new Statement(node.getStartPoint().getRow() + 1, node.getStartPoint().getColumn(), code,
                    ASSERT.matcher(code).find()));
        }
        return out;
    }

    private record Parsed(TSNode root, byte[] bytes, TSTree tree) {
    }

    private static Optional<Parsed> parse(String code) {
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        try {
            TSTree tree = Grammar.of("javascript").orElseThrow().parse(code);
            return tree == null ? Optional.empty() : Optional.of(new Parsed(tree.getRootNode(), bytes, tree));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<TSNode> topLevel(TSNode root) {
        List<TSNode> out = new ArrayList<>();
        for (int i = 0; i < root.getNamedChildCount(); i++) {
            out.add(root.getNamedChild(i));
        }
        return out;
    }

    private static TSNode unwrapExport(TSNode node) {
        if (node.getType().equals("export_statement")) {
            TSNode decl = node.getChildByFieldName("declaration");
            if (decl != null && !decl.isNull()) {
                return decl;
            }
        }
        return node;
    }

    private static void declaredNames(TSNode node, byte[] src, Set<String> out) {
        switch (node.getType()) {
            case "function_declaration", "generator_function_declaration", "class_declaration" -> {
                TSNode name = node.getChildByFieldName("name");
                if (name != null && !name.isNull()) {
                    out.add(text(name, src));
                }
            }
            case "lexical_declaration", "variable_declaration" -> {
                for (int i = 0; i < node.getNamedChildCount(); i++) {
                    TSNode declarator = node.getNamedChild(i);
                    if (declarator.getType().equals("variable_declarator")) {
                        patternNames(declarator.getChildByFieldName("name"), src, out);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The identifiers a binding pattern declares ({a, b: [c]} declares a and c). */
    private static void patternNames(TSNode pattern, byte[] src, Set<String> out) {
        if (pattern == null || pattern.isNull()) {
            return;
        }
        Deque<TSNode> stack = new ArrayDeque<>();
        stack.push(pattern);
        while (!stack.isEmpty()) {
            TSNode node = stack.pop();
            String type = node.getType();
            if (type.equals("identifier") || type.equals("shorthand_property_identifier_pattern")) {
                out.add(text(node, src));
                continue;
            }
            if (type.equals("pair_pattern")) {
                TSNode value = node.getChildByFieldName("value");
                if (value != null && !value.isNull()) {
                    stack.push(value);
                }
                continue;
            }
            if (type.equals("assignment_pattern")) {
                TSNode left = node.getChildByFieldName("left");
                if (left != null && !left.isNull()) {
                    stack.push(left);
                }
                continue;
            }
            for (int i = 0; i < node.getNamedChildCount(); i++) {
                stack.push(node.getNamedChild(i));
            }
        }
    }

    private static String text(TSNode node, byte[] src) {
        return new String(src, node.getStartByte(), node.getEndByte() - node.getStartByte(), StandardCharsets.UTF_8);
    }
}
