package dev.arbiter.verifier.signal.structure;

import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.treesitter.TSNode;

/** Walks a Tree-sitter tree (explicit stack, capped) into an {@link Outline}. */
final class TreeSitterOutline {
    private static final Set<String> FUNCTIONS = Set.of("function_definition", "function_declaration",
            "method_definition", "generator_function_declaration", "method_declaration", "function_item");
    private static final Set<String> TYPES = Set.of("class_definition", "class_declaration", "class_specifier",
            "struct_specifier", "impl_item");
    private static final Set<String> NESTING = Set.of("if_statement", "for_statement", "for_in_statement",
            "while_statement", "do_statement", "switch_statement", "try_statement", "for_range_loop",
            "if_expression", "for_expression", "while_expression", "loop_expression", "match_expression",
            "expression_switch_statement", "type_switch_statement", "select_statement", "with_statement");
    private static final Set<String> BRANCHES = Set.of("if_statement", "elif_clause", "for_statement",
            "for_in_statement", "while_statement", "do_statement", "case_statement", "switch_case",
            "expression_case", "type_case", "communication_case", "catch_clause", "except_clause",
            "conditional_expression", "ternary_expression", "for_range_loop", "if_expression", "for_expression",
            "while_expression", "loop_expression", "match_arm", "boolean_operator");

    private record Frame(TSNode node, int depth, int nesting, String owner, boolean inFunction) {
    }

    private TreeSitterOutline() {
    }

    /** Null when the tree is deeper or larger than the analyzer's caps. */
    static Outline of(String language, TSNode root, String code) {
        byte[] src = code.getBytes(StandardCharsets.UTF_8);
        List<Outline.Definition> definitions = new ArrayList<>();
        int branches = 0;
        int maxNesting = 0;
        int nodes = 0;
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root, 0, 0, "", false));
        while (!stack.isEmpty()) {
            Frame f = stack.pop();
            if (f.depth() > TreeSitterAnalyzer.MAX_DEPTH || ++nodes > TreeSitterAnalyzer.MAX_NODES) {
                return null;
            }
            String type = f.node().getType();
            branches += BRANCHES.contains(type) ? 1 : 0;
            int nesting = f.nesting() + (NESTING.contains(type) ? 1 : 0);
            maxNesting = Math.max(maxNesting, nesting);
            String owner = f.owner();
            boolean inFunction = f.inFunction();
            if (TYPES.contains(type)) {
                String name = field(f.node(), type.equals("impl_item") ? "type" : "name", src);
                owner = name == null ? owner : name;
            } else if (FUNCTIONS.contains(type) && !inFunction) {
                TSNode named = f.node();
                String name = field(named, "name", src);
                if (language.equals("cpp")) {
                    named = cppDeclarator(f.node());
                    name = named == null ? null : field(named, "declarator", src);
                }
                if (name != null) {
                    int colons = name.lastIndexOf("::");
                    String simple = colons >= 0 ? name.substring(colons + 2) : name;
                    String qualified = colons >= 0 ? name.substring(0, colons) + "." + simple
                            : owner.isEmpty() ? simple : owner + "." + simple;
                    definitions.add(new Outline.Definition(qualified, parameters(named),
                            !simple.startsWith("_") || simple.startsWith("__") && simple.endsWith("__")));
                }
                inFunction = true;
            }
            for (int i = f.node().getChildCount() - 1; i >= 0; i--) {
                stack.push(new Frame(f.node().getChild(i), f.depth() + 1, nesting, owner, inFunction));
            }
        }
        return new Outline("tree-sitter-" + language, List.copyOf(definitions), branches, maxNesting, nodes);
    }

    /** A C++ function_definition's function_declarator, under any pointer or reference declarators. */
    private static TSNode cppDeclarator(TSNode definition) {
        TSNode d = definition.getChildByFieldName("declarator");
        for (int hops = 0; d != null && !d.isNull() && hops < 8; hops++) {
            if (d.getType().equals("function_declarator")) {
                return d;
            }
            d = d.getChildByFieldName("declarator");
        }
        return null;
    }

    private static int parameters(TSNode function) {
        TSNode params = function.getChildByFieldName("parameters");
        if (params == null || params.isNull()) {
            return 0;
        }
        int count = 0;
        for (int i = 0; i < params.getNamedChildCount(); i++) {
            String t = params.getNamedChild(i).getType();
            count += t.contains("comment") ? 0 : 1;
        }
        return count;
    }

    private static String field(TSNode node, String field, byte[] src) {
        TSNode child = node.getChildByFieldName(field);
        if (child == null || child.isNull()) {
            return null;
        }
        int start = Math.max(0, Math.min(child.getStartByte(), src.length));
        int end = Math.max(start, Math.min(child.getEndByte(), src.length));
        String text = new String(src, start, end - start, StandardCharsets.UTF_8);
        return text.length() > 200 ? null : text.replaceAll("\\s+", "");
    }
}
