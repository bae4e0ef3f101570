package dev.arbiter.verifier.signal.tampering;

import dev.arbiter.verifier.signal.ast.Grammar;
import dev.arbiter.verifier.signal.tampering.TamperingRules.Condition;
import dev.arbiter.verifier.signal.tampering.TamperingRules.Rule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * Applies tampering rules to a Tree-sitter tree (Python, JavaScript, C++, Go, Rust). A node's text is compared with
 * its whitespace removed; a string literal's text is its content without quotes; in Python and Go, a name's first
 * segment is resolved through the file's import aliases ({@code import sys as s; s.settrace} reads
 * {@code sys.settrace}). The tree is walked with an explicit stack.
 */
final class SyntaxTreeMatcher {
    private static final int MAX_NODES = 2_000_000;
    private static final Set<String> STRING_TYPES = Set.of("string", "string_literal", "raw_string_literal",
            "interpreted_string_literal", "template_string", "char_literal");
    private static final Set<String> NAME_TYPES = Set.of("identifier", "attribute", "dotted_name", "selector_expression",
            "member_expression", "scoped_identifier", "qualified_identifier");
    private static final Set<String> LITERAL_TYPES = Set.of("true", "false", "none", "integer", "float", "string",
            "number", "number_literal", "string_literal", "null", "undefined", "integer_literal", "boolean_literal");

    private SyntaxTreeMatcher() {
    }

    /** The first match of the rules, in source order, at or after line {@code firstLine}. */
    static Optional<TamperingFinding> find(Grammar grammar, String code, Map<String, List<Rule>> rulesByNode,
            Predicate<Rule> applies, String entryPoint, int firstLine) {
        TSTree tree;
        try {
            tree = grammar.parse(code);
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
        if (tree == null) {
            return Optional.empty();
        }
        byte[] src = code.getBytes(StandardCharsets.UTF_8);
        Map<String, String> aliases = aliases(grammar.language(), tree.getRootNode(), src);
        Deque<TSNode> stack = new ArrayDeque<>();
        stack.push(tree.getRootNode());
        int visited = 0;
        while (!stack.isEmpty() && ++visited < MAX_NODES) {
            TSNode node = stack.pop();
            List<Rule> rules = rulesByNode.get(node.getType());
            int line = node.getStartPoint().getRow() + 1;
            if (rules != null && line >= firstLine) {
                for (Rule rule : rules) {
                    if (!applies.test(rule)) {
                        continue;
                    }
                    String matched = match(rule, node, src, aliases, entryPoint);
                    if (matched != null) {
                        return Optional.of(new TamperingFinding(rule.id(), brief(matched), line, rule.message()));
                    }
                }
            }
            for (int i = node.getChildCount() - 1; i >= 0; i--) {
                stack.push(node.getChild(i));
            }
        }
        return Optional.empty();
    }

    /** The matched text when the rule matches the node, else null. */
    private static String match(Rule rule, TSNode node, byte[] src, Map<String, String> aliases, String entryPoint) {
        String matched = null;
        TSNode target = rule.field() == null ? node : resolve(node, rule.field());
        if (target == null) {
            return null;
        }
        if (rule.each()) {
            for (int i = 0; i < target.getNamedChildCount() && matched == null; i++) {
                String t = normalized(target.getNamedChild(i), src, aliases);
                matched = rule.matchesText(t, spaced(target.getNamedChild(i), src, t)) ? t : null;
            }
        } else {
            String t = normalized(target, src, aliases);
            matched = rule.matchesText(t, spaced(target, src, t)) ? t : null;
        }
        if (matched == null || (rule.exceptEntryPoint() && matched.equals(entryPoint))) {
            return null;
        }
        for (Condition c : rule.where()) {
            if (!holds(c, node, src, aliases)) {
                return null;
            }
        }
        for (Condition c : rule.inside()) {
            if (!someAncestor(c, node, src, aliases)) {
                return null;
            }
        }
        for (Condition c : rule.notInside()) {
            if (someAncestor(c, node, src, aliases)) {
                return null;
            }
        }
        if (rule.constantBody() && !constantBody(node)) {
            return null;
        }
        return matched;
    }

    private static boolean someAncestor(Condition c, TSNode node, byte[] src, Map<String, String> aliases) {
        for (TSNode p = node.getParent(); p != null && !p.isNull(); p = p.getParent()) {
            if (holds(c, p, src, aliases)) {
                return true;
            }
        }
        return false;
    }

    /** The condition on this node: its type (when given) and the text of its field (when given). */
    private static boolean holds(Condition c, TSNode node, byte[] src, Map<String, String> aliases) {
        TSNode target = c.field() == null ? node : resolve(node, c.field());
        if (target == null) {
            return false;
        }
        if (c.node() != null && !c.node().equals(node.getType())) {
            return false;
        }
        if (!c.hasTextTest()) {
            return true;
        }
        if (c.each()) {
            for (int i = 0; i < target.getNamedChildCount(); i++) {
                String t = normalized(target.getNamedChild(i), src, aliases);
                if (c.matchesText(t, spaced(target.getNamedChild(i), src, t))) {
                    return true;
                }
            }
            return false;
        }
        String t = normalized(target, src, aliases);
        return c.matchesText(t, spaced(target, src, t));
    }

    /** Follows a field path: field names, "#N" (the N-th named child), "@type" (the first child of that type). */
    static TSNode resolve(TSNode node, String path) {
        TSNode at = node;
        for (String part : path.split("\\.")) {
            TSNode next = null;
            if (part.startsWith("#")) {
                int n = Integer.parseInt(part.substring(1));
                next = n < at.getNamedChildCount() ? at.getNamedChild(n) : null;
            } else if (part.startsWith("@")) {
                String type = part.substring(1);
                for (int i = 0; i < at.getChildCount() && next == null; i++) {
                    next = at.getChild(i).getType().equals(type) ? at.getChild(i) : null;
                }
            } else {
                next = at.getChildByFieldName(part);
            }
            if (next == null || next.isNull()) {
                return null;
            }
            at = next;
        }
        return at;
    }

    /**
     * A definition whose body is one {@code return} of a literal (docstrings and comments aside), or an arrow function
     * or lambda whose body is a literal: a comparison that answers the same whatever it is asked.
     */
    static boolean constantBody(TSNode node) {
        TSNode body = node.getChildByFieldName("body");
        if (body == null || body.isNull()) {
            return false;
        }
        if (LITERAL_TYPES.contains(body.getType())) {
            return true;
        }
        TSNode only = null;
        for (int i = 0; i < body.getNamedChildCount(); i++) {
            TSNode s = body.getNamedChild(i);
            boolean docstring = s.getType().equals("expression_statement") && s.getNamedChildCount() == 1
                    && s.getNamedChild(0).getType().equals("string");
            if (s.getType().contains("comment") || docstring) {
                continue;
            }
            if (only != null) {
                return false;
            }
            only = s;
        }
        if (only == null || !only.getType().equals("return_statement") && !only.getType().equals("expression_statement")) {
            return false;
        }
        TSNode value = only.getNamedChildCount() == 1 ? only.getNamedChild(0) : null;
        return value != null && LITERAL_TYPES.contains(value.getType());
    }

    /** The text with runs of whitespace as one space (string literals and comments: as normalised). */
    private static String spaced(TSNode node, byte[] src, String normalized) {
        String type = node.getType();
        if (STRING_TYPES.contains(type) || type.contains("comment")) {
            return normalized;
        }
        String text = text(node, src);
        return (text.length() > 2_000 ? text.substring(0, 2_000) : text).replaceAll("\\s+", " ").strip();
    }

    private static String normalized(TSNode node, byte[] src, Map<String, String> aliases) {
        String text = text(node, src);
        String type = node.getType();
        if (STRING_TYPES.contains(type)) {
            return text.replaceFirst("^[A-Za-z]*(\"\"\"|'''|[\"'`])", "").replaceFirst("(\"\"\"|'''|[\"'`])$", "");
        }
        if (type.contains("comment")) {
            return text.strip();
        }
        String compact = text.length() > 2_000 ? text.substring(0, 2_000) : text.replaceAll("\\s+", "");
        if (!aliases.isEmpty() && NAME_TYPES.contains(type)) {
            int dot = compact.indexOf('.');
            String head = dot < 0 ? compact : compact.substring(0, dot);
            String resolved = aliases.get(head);
            if (resolved != null) {
                return resolved + (dot < 0 ? "" : compact.substring(dot));
            }
        }
        return compact;
    }

    /** Import aliases of a Python or Go file: the local name to what it stands for. */
    private static Map<String, String> aliases(String language, TSNode root, byte[] src) {
        Map<String, String> aliases = new HashMap<>();
        if (!language.equals("python") && !language.equals("go")) {
            return aliases;
        }
        Deque<TSNode> stack = new ArrayDeque<>();
        stack.push(root);
        int visited = 0;
        while (!stack.isEmpty() && ++visited < MAX_NODES) {
            TSNode n = stack.pop();
            switch (n.getType()) {
                case "import_statement" -> eachNamed(n, c -> {
                    if (c.getType().equals("aliased_import")) {
                        aliases.put(text(c.getChildByFieldName("alias"), src), text(c.getChildByFieldName("name"), src));
                    }
                });
                case "import_from_statement" -> {
                    TSNode module = n.getChildByFieldName("module_name");
                    String from = module == null || module.isNull() ? "" : text(module, src);
                    eachNamed(n, c -> {
                        if (c.equals(module)) {
                            return;
                        }
                        if (c.getType().equals("aliased_import")) {
                            aliases.put(text(c.getChildByFieldName("alias"), src), from + "." + text(c.getChildByFieldName("name"), src));
                        } else if (c.getType().equals("dotted_name")) {
                            aliases.put(text(c, src), from + "." + text(c, src));
                        }
                    });
                }
                case "import_spec" -> {
                    TSNode name = n.getChildByFieldName("name");
                    TSNode path = n.getChildByFieldName("path");
                    if (name != null && !name.isNull() && path != null && !path.isNull()) {
                        String p = text(path, src).replace("\"", "").replace("`", "");
                        aliases.put(text(name, src), p.substring(p.lastIndexOf('/') + 1));
                    }
                }
                default -> {
                    for (int i = n.getChildCount() - 1; i >= 0; i--) {
                        stack.push(n.getChild(i));
                    }
                }
            }
        }
        aliases.entrySet().removeIf(e -> e.getKey().equals(e.getValue()));
        return aliases;
    }

    private static void eachNamed(TSNode n, java.util.function.Consumer<TSNode> action) {
        for (int i = 0; i < n.getNamedChildCount(); i++) {
            action.accept(n.getNamedChild(i));
        }
    }

    private static String brief(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }

    private static String text(TSNode node, byte[] src) {
        int start = Math.max(0, Math.min(node.getStartByte(), src.length));
        int end = Math.max(start, Math.min(node.getEndByte(), src.length));
        return new String(src, start, end - start, StandardCharsets.UTF_8);
    }
}
