package dev.arbiter.verifier.signal.ast;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * Parses candidates with Tree-sitter (Python, JavaScript, C++, Go, Rust) within caps on size, nesting and time, and
 * reports syntax errors with their place, the entry point, forbidden calls and placeholder code. The tree is walked
 * with an explicit stack, so no input can overflow the service's stack.
 */
@ApplicationScoped
public class TreeSitterAnalyzer {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(TreeSitterAnalyzer.class);
    public static final int MAX_BYTES = 1_000_000;
    public static final int MAX_DEPTH = 2_000;
    public static final int MAX_NODES = 2_000_000;
    public static final long PARSE_TIMEOUT_MICROS = 3_000_000;
    private static final int MAX_FINDINGS = 50;

    private final Map<String, Grammar> grammars =
            Grammar.ALL.stream().collect(Collectors.toMap(Grammar::language, Function.identity()));

    public Optional<AstReport> analyze(String language, String code, String entryPoint) {
        Grammar grammar = grammars.get(language);
        if (grammar == null) {
            return Optional.empty();
        }
        String parser = "tree-sitter-" + language;
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return Optional.of(AstReport.refused(parser, "larger than " + MAX_BYTES + " bytes"));
        }
        TSTree tree;
        try {
            tree = grammar.parse(code);
        } catch (LinkageError e) {
            // The native parser could not be loaded: the signal is absent, the verification goes on without it.
            LOG.warnf("tree-sitter unavailable, no AST signal: %s", e.toString());
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(AstReport.refused(parser, "parser stopped: " + e.getMessage()));
        }
        if (tree == null) {
            return Optional.of(AstReport.refused(parser, "parsing took longer than " + PARSE_TIMEOUT_MICROS / 1000 + " ms"));
        }
        return Optional.of(walk(grammar, parser, tree.getRootNode(), bytes, entryPoint));
    }

    private AstReport walk(Grammar g, String parser, TSNode root, byte[] src, String entryPoint) {
        List<AstReport.Issue> errors = new ArrayList<>();
        List<AstReport.Finding> forbidden = new ArrayList<>();
        List<AstReport.Finding> placeholders = new ArrayList<>();
        boolean entryFound = false;
        Deque<TSNode> stack = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        stack.push(root);
        depths.push(0);
        int visited = 0;
        while (!stack.isEmpty()) {
            TSNode node = stack.pop();
            int depth = depths.pop();
            if (depth > MAX_DEPTH) {
                return AstReport.refused(parser, "nested deeper than " + MAX_DEPTH + " levels");
            }
            if (++visited > MAX_NODES) {
                return AstReport.refused(parser, "more than " + MAX_NODES + " syntax nodes");
            }
            String type = node.getType();
            int line = node.getStartPoint().getRow() + 1;
            if ((node.isError() || node.isMissing()) && errors.size() < MAX_FINDINGS) {
                errors.add(new AstReport.Issue(node.isMissing() ? "missing " + type : "error", line,
                        node.getStartPoint().getColumn() + 1));
            }
            if (entryPoint != null && !entryFound && g.definitionTypes().contains(type)) {
                entryFound = entryPoint.equals(definedName(node, src));
            }
            if (type.equals(g.callType()) || type.equals("macro_invocation")) {
                String callee = calleeText(node, src);
                if (callee != null && forbidden.size() < MAX_FINDINGS
                        && g.forbiddenCalls().stream().anyMatch(p -> p.matcher(callee).matches())) {
                    forbidden.add(new AstReport.Finding(callee, line));
                }
                if (callee != null && placeholders.size() < MAX_FINDINGS && (g.placeholderCalls().stream()
                        .anyMatch(p -> p.matcher(callee).matches())
                        || (type.equals("macro_invocation") && Grammar.RUST_PLACEHOLDER_MACRO.matcher(callee).matches()))) {
                    placeholders.add(new AstReport.Finding(callee, line));
                }
            }
            if (g.placeholderStatements().contains(type) && isSoleStatementOfABody(node) && placeholders.size() < MAX_FINDINGS) {
                placeholders.add(new AstReport.Finding(type.replace("_statement", ""), line));
            }
            if (type.contains("comment") && Grammar.TODO_COMMENT.matcher(text(node, src)).find()
                    && placeholders.size() < MAX_FINDINGS) {
                placeholders.add(new AstReport.Finding("TODO comment", line));
            }
            for (int i = node.getChildCount() - 1; i >= 0; i--) {
                stack.push(node.getChild(i));
                depths.push(depth + 1);
            }
        }
        boolean parses = !root.hasError() && errors.isEmpty();
        return new AstReport(parser, parses, null, List.copyOf(errors), entryPoint == null ? null : entryFound,
                List.copyOf(forbidden), List.copyOf(placeholders));
    }

    /** The defined name: the "name" field, or for a C++ declarator its inner identifier. */
    private static String definedName(TSNode node, byte[] src) {
        TSNode name = node.getChildByFieldName("name");
        if (name == null || name.isNull()) {
            name = node.getChildByFieldName("declarator");
        }
        if (name == null || name.isNull()) {
            return null;
        }
        String text = text(name, src);
        int colons = text.lastIndexOf("::");
        return colons >= 0 ? text.substring(colons + 2) : text;
    }

    private static String calleeText(TSNode call, byte[] src) {
        TSNode fn = call.getChildByFieldName("function");
        if (fn == null || fn.isNull()) {
            fn = call.getChildByFieldName("macro");
        }
        if (fn == null || fn.isNull()) {
            return null;
        }
        String text = text(fn, src);
        return text.length() > 200 ? null : text.replaceAll("\\s+", "");
    }

    /** A `pass` or `...` that is the whole body of a function (an empty placeholder), not one statement among many. */
    private static boolean isSoleStatementOfABody(TSNode node) {
        TSNode parent = node.getParent();
        if (parent != null && !parent.isNull() && parent.getType().equals("expression_statement")) {
            node = parent;
            parent = parent.getParent();
        }
        if (parent == null || parent.isNull() || !parent.getType().equals("block")) {
            return false;
        }
        TSNode owner = parent.getParent();
        int statements = 0;
        for (int i = 0; i < parent.getNamedChildCount(); i++) {
            TSNode child = parent.getNamedChild(i);
            boolean docstring = child.getType().equals("expression_statement") && child.getNamedChildCount() == 1
                    && child.getNamedChild(0).getType().equals("string");
            if (!docstring && !child.getType().equals("comment")) {
                statements++;
            }
        }
        return statements == 1 && owner != null && !owner.isNull() && owner.getType().equals("function_definition");
    }

    private static String text(TSNode node, byte[] src) {
        int start = Math.max(0, Math.min(node.getStartByte(), src.length));
        int end = Math.max(start, Math.min(node.getEndByte(), src.length));
        return new String(src, start, end - start, StandardCharsets.UTF_8);
    }
}
