package dev.arbiter.verifier.signal.tampering;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.expr.LiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithName;
import com.github.javaparser.ast.nodeTypes.NodeWithSimpleName;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.arbiter.verifier.signal.tampering.TamperingRules.Condition;
import dev.arbiter.verifier.signal.tampering.TamperingRules.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies tampering rules to a JavaParser tree. Node types are JavaParser's node classes by simple name
 * ({@code MethodCallExpr}, {@code ClassOrInterfaceDeclaration}); the fields a rule may test are {@code name}, {@code
 * callee} (a call's scope and name, "System.exit"), {@code scope}, {@code supertypes} (each extended or implemented
 * type, by simple name), {@code value} (a string literal's content) and {@code arguments} (each argument).
 */
final class JavaTreeMatcher {
    static final Set<String> FIELDS = Set.of("name", "callee", "scope", "supertypes", "value", "arguments");
    private static final List<String> PACKAGES = List.of("com.github.javaparser.ast.", "com.github.javaparser.ast.body.",
            "com.github.javaparser.ast.expr.", "com.github.javaparser.ast.stmt.", "com.github.javaparser.ast.type.");

    private JavaTreeMatcher() {
    }

    /** Whether JavaParser has a node class of this simple name. */
    static boolean nodeType(String simpleName) {
        for (String p : PACKAGES) {
            try {
                if (Node.class.isAssignableFrom(Class.forName(p + simpleName, false, JavaTreeMatcher.class.getClassLoader()))) {
                    return true;
                }
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return false;
    }

    static Optional<TamperingFinding> find(String code, Map<String, List<Rule>> rulesByNode, Predicate<Rule> applies,
            String entryPoint, int firstLine) {
        ParseResult<CompilationUnit> parsed;
        try {
            parsed = new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17))
                    .parse(code);
        } catch (StackOverflowError | RuntimeException e) {
            return Optional.empty();
        }
        if (parsed.getResult().isEmpty()) {
            return Optional.empty();
        }
        List<Node> nodes = new ArrayList<>();
        parsed.getResult().get().walk(Node.TreeTraversal.PREORDER, nodes::add);
        for (Node node : nodes) {
            List<Rule> rules = rulesByNode.get(node.getClass().getSimpleName());
            int line = node.getBegin().map(p -> p.line).orElse(0);
            if (rules == null || line < firstLine) {
                continue;
            }
            for (Rule rule : rules) {
                if (!applies.test(rule)) {
                    continue;
                }
                String matched = match(rule, node, entryPoint);
                if (matched != null) {
                    String brief = matched.length() > 80 ? matched.substring(0, 77) + "..." : matched;
                    return Optional.of(new TamperingFinding(rule.id(), brief, line, rule.message()));
                }
            }
        }
        return Optional.empty();
    }

    private static String match(Rule rule, Node node, String entryPoint) {
        String matched = null;
        for (String text : texts(node, rule.field(), rule.each())) {
            if (rule.matchesText(text)) {
                matched = text;
                break;
            }
        }
        if (matched == null || (rule.exceptEntryPoint() && matched.equals(entryPoint))) {
            return null;
        }
        for (Condition c : rule.where()) {
            if (!holds(c, node)) {
                return null;
            }
        }
        for (Condition c : rule.inside()) {
            if (!someAncestor(c, node)) {
                return null;
            }
        }
        for (Condition c : rule.notInside()) {
            if (someAncestor(c, node)) {
                return null;
            }
        }
        return rule.constantBody() && !constantBody(node) ? null : matched;
    }

    private static boolean someAncestor(Condition c, Node node) {
        for (Node p = node.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
            if (holds(c, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(Condition c, Node node) {
        if (c.node() != null && !c.node().equals(node.getClass().getSimpleName())) {
            return false;
        }
        if (!c.hasTextTest()) {
            return true;
        }
        return texts(node, c.field(), c.each()).stream().anyMatch(c::matchesText);
    }

    /** The texts of a node's field: one, or one per element with {@code each}; none when the node lacks the field. */
    private static List<String> texts(Node node, String field, boolean each) {
        List<String> out = new ArrayList<>();
        if (field == null) {
            out.add(compact(node.toString()));
            return out;
        }
        switch (field) {
            case "name" -> {
                if (node instanceof NodeWithSimpleName<?> n) {
                    out.add(n.getNameAsString());
                } else if (node instanceof NodeWithName<?> n) {
                    out.add(n.getNameAsString());
                }
            }
            case "callee" -> {
                if (node instanceof MethodCallExpr call) {
                    out.add(call.getScope().map(s -> compact(s.toString()) + ".").orElse("") + call.getNameAsString());
                } else if (node instanceof ObjectCreationExpr created) {
                    out.add(created.getType().getNameAsString());
                }
            }
            case "scope" -> {
                if (node instanceof MethodCallExpr call && call.getScope().isPresent()) {
                    out.add(compact(call.getScope().get().toString()));
                }
            }
            case "supertypes" -> {
                if (node instanceof ClassOrInterfaceDeclaration type) {
                    type.getExtendedTypes().forEach(t -> out.add(t.getNameAsString()));
                    type.getImplementedTypes().forEach(t -> out.add(t.getNameAsString()));
                } else if (node instanceof ObjectCreationExpr created) {
                    ClassOrInterfaceType t = created.getType();
                    out.add(t.getNameAsString());
                }
            }
            case "value" -> {
                if (node instanceof StringLiteralExpr s) {
                    out.add(s.asString());
                } else if (node instanceof TextBlockLiteralExpr s) {
                    out.add(s.asString());
                }
            }
            case "arguments" -> {
                if (node instanceof MethodCallExpr call) {
                    call.getArguments().forEach(a -> out.add(compact(a.toString())));
                }
            }
            default -> {
            }
        }
        return each || out.size() <= 1 ? out : List.of(String.join(",", out));
    }

    /** A method whose body is one {@code return} of a literal. */
    private static boolean constantBody(Node node) {
        if (!(node instanceof MethodDeclaration m) || m.getBody().isEmpty()) {
            return false;
        }
        List<Statement> statements = m.getBody().get().getStatements();
        return statements.size() == 1 && statements.get(0) instanceof ReturnStmt r
                && r.getExpression().map(e -> e instanceof LiteralExpr).orElse(false);
    }

    private static String compact(String s) {
        return s.length() > 2_000 ? s.substring(0, 2_000) : s.replaceAll("\\s+", "");
    }
}
