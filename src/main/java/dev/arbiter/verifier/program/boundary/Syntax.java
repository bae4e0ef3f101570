package dev.arbiter.verifier.program.boundary;

import dev.arbiter.verifier.signal.ast.Grammar;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.treesitter.TSNode;
import org.treesitter.TSTree;

/**
 * One parsed source (C++ or Rust, Tree-sitter): its top-level nodes, a capped walk over all nodes, the text of a node
 * and byte-offset edits. Offsets are UTF-8 byte offsets, as Tree-sitter reports them.
 */
final class Syntax {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    final byte[] src;
    final TSNode root;

    private Syntax(byte[] src, TSNode root) {
        this.src = src;
        this.root = root;
    }

    /** Empty when the language has no grammar here, the code is too large or parsing failed. */
    static Optional<Syntax> parse(String language, String code) {
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > TreeSitterAnalyzer.MAX_BYTES) {
            return Optional.empty();
        }
        try {
            Optional<Grammar> grammar = Grammar.of(language);
            if (grammar.isEmpty()) {
                return Optional.empty();
            }
            TSTree tree = grammar.get().parse(code);
            return tree == null ? Optional.empty() : Optional.of(new Syntax(bytes, tree.getRootNode()));
        } catch (LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    List<TSNode> topLevel() {
        List<TSNode> nodes = new ArrayList<>();
        for (int i = 0; i < root.getNamedChildCount(); i++) {
            nodes.add(root.getNamedChild(i));
        }
        return nodes;
    }

    /** Every node (pre-order, explicit stack, capped like the analyzer) that matches. */
    List<TSNode> all(Predicate<TSNode> wanted) {
        return within(root, wanted);
    }

    /** Every node under {@code from} (itself included) that matches. */
    List<TSNode> within(TSNode from, Predicate<TSNode> wanted) {
        List<TSNode> found = new ArrayList<>();
        Deque<TSNode> stack = new ArrayDeque<>();
        stack.push(from);
        int visited = 0;
        while (!stack.isEmpty() && ++visited <= TreeSitterAnalyzer.MAX_NODES) {
            TSNode n = stack.pop();
            if (wanted.test(n)) {
                found.add(n);
            }
            for (int i = n.getChildCount() - 1; i >= 0; i--) {
                stack.push(n.getChild(i));
            }
        }
        return found;
    }

    String text(TSNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        int start = Math.max(0, Math.min(node.getStartByte(), src.length));
        int end = Math.max(start, Math.min(node.getEndByte(), src.length));
        return new String(src, start, end - start, StandardCharsets.UTF_8);
    }

    static TSNode field(TSNode node, String name) {
        TSNode f = node.getChildByFieldName(name);
        return f == null || f.isNull() ? null : f;
    }

    /** The identifiers a text mentions (a superset of the names it uses: comments and strings count too). */
    static java.util.Set<String> identifiers(String text) {
        java.util.Set<String> names = new java.util.HashSet<>();
        Matcher m = IDENTIFIER.matcher(text == null ? "" : text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    /** A byte-range replacement in {@link #src}. */
    record Edit(int start, int end, String text) {
    }

    /** The source with the edits applied (they must not overlap). */
    String apply(List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (Edit e : sorted) {
            out.append(new String(src, at, e.start() - at, StandardCharsets.UTF_8)).append(e.text());
            at = e.end();
        }
        return out.append(new String(src, at, src.length - at, StandardCharsets.UTF_8)).toString();
    }
}
