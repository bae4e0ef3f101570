package dev.arbiter.verifier.signal.structure;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import dev.arbiter.verifier.signal.ast.Grammar;
import dev.arbiter.verifier.signal.ast.TreeSitterAnalyzer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Outlines code for the structural comparison of refactorings: JavaParser for Java, Tree-sitter for the others,
 * under the same size, nesting and node caps as the AST signal. Empty when the code does not parse or is refused.
 */
@ApplicationScoped
public class Outliner {
    private static final Set<Class<? extends Node>> JAVA_NESTING = Set.of(IfStmt.class, ForStmt.class,
            ForEachStmt.class, WhileStmt.class, DoStmt.class, SwitchStmt.class, TryStmt.class);

    public Optional<Outline> outline(String language, String code) {
        if (code == null || code.getBytes(StandardCharsets.UTF_8).length > TreeSitterAnalyzer.MAX_BYTES) {
            return Optional.empty();
        }
        if ("java".equals(language)) {
            return java(code);
        }
        return Grammar.of(language).flatMap(g -> {
            try {
                var tree = g.parse(code);
                return tree == null || tree.getRootNode().hasError() ? Optional.empty()
                        : Optional.ofNullable(TreeSitterOutline.of(g.language(), tree.getRootNode(), code));
            } catch (LinkageError | RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    private static Optional<Outline> java(String code) {
        ParseResult<CompilationUnit> parsed;
        try {
            parsed = new JavaParser(new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17))
                    .parse(code);
        } catch (StackOverflowError e) {
            return Optional.empty();
        }
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            return Optional.empty();
        }
        CompilationUnit unit = parsed.getResult().get();
        List<Outline.Definition> definitions = new ArrayList<>();
        for (CallableDeclaration<?> c : unit.findAll(CallableDeclaration.class)) {
            String owner = c.findAncestor(TypeDeclaration.class).map(TypeDeclaration::getNameAsString).orElse("");
            definitions.add(new Outline.Definition(owner + "." + c.getNameAsString(), c.getParameters().size(),
                    !c.isPrivate()));
        }
        int branches = unit.findAll(IfStmt.class).size() + unit.findAll(ForStmt.class).size()
                + unit.findAll(ForEachStmt.class).size() + unit.findAll(WhileStmt.class).size()
                + unit.findAll(DoStmt.class).size() + unit.findAll(CatchClause.class).size()
                + unit.findAll(ConditionalExpr.class).size()
                + (int) unit.findAll(SwitchEntry.class).stream().filter(e -> !e.getLabels().isEmpty()).count()
                + (int) unit.findAll(BinaryExpr.class).stream().filter(b -> b.getOperator() == BinaryExpr.Operator.AND
                        || b.getOperator() == BinaryExpr.Operator.OR).count();
        int nesting = 0;
        int nodes = 0;
        for (Node n : unit.findAll(Node.class)) {
            nodes++;
            if (JAVA_NESTING.contains(n.getClass())) {
                int depth = 1;
                for (Node p = n.getParentNode().orElse(null); p != null; p = p.getParentNode().orElse(null)) {
                    depth += JAVA_NESTING.contains(p.getClass()) ? 1 : 0;
                }
                nesting = Math.max(nesting, depth);
            }
        }
        return Optional.of(new Outline("javaparser", List.copyOf(definitions), branches, nesting, nodes));
    }
}
