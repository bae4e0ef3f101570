package dev.arbiter.verifier.program;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.VoidType;
import com.github.javaparser.ast.type.WildcardType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Where the Java tests can be split from the candidate. When the tests use the candidate's classes only through
 * {@code new T()} and calls of methods whose parameter and result types are plain data, the judge compiles the tests
 * against generated stubs of those classes whose methods send each call to the candidate's JVM ({@code process}).
 * Otherwise ({@code in_process}, with the reason) the tests are compiled against the candidate's classes as a
 * separate compilation unit, with single-type imports that keep the JDK names the candidate's classes would shadow.
 */
final class JavaBoundary {
    /** The judge's source, the mode, why it fell back (null for process), the test names the judge expects. */
    record Plan(String judgeSource, boolean process, String fallback, List<String> tests) {
    }

    /** A candidate type name that no import can keep out of the tests' way; the candidate is refused. */
    static final class Shadowing extends Exception {
        Shadowing(String message) {
            super(message);
        }
    }

    private static final Set<String> PLAIN = Set.of("Integer", "Long", "Double", "Float", "Short", "Byte", "Character",
            "Boolean", "String", "Object", "Number", "CharSequence", "List", "ArrayList", "LinkedList", "Collection",
            "Set", "HashSet", "LinkedHashSet", "TreeSet", "Map", "HashMap", "LinkedHashMap", "TreeMap", "Optional");
    private static final Set<String> PACKAGE_ROOTS = Set.of("java", "javax", "jdk", "sun", "com", "org", "arbiter", "junit");

    private JavaBoundary() {
    }

    static Plan plan(String prompt, CompilationUnit candidate, String tests, String testClass) throws Shadowing {
        List<String> imports = new ArrayList<>();
        String testBody = splitImports(tests, imports);
        Set<String> importLines = new LinkedHashSet<>();
        importLines.addAll(Sources.headerLines(prompt, java.util.regex.Pattern.compile(
                "^\\s*import\\s+(static\\s+)?[\\w.*]+\\s*;")).lines().map(String::strip).toList());
        candidate.getImports().forEach(i -> importLines.add(i.toString().strip()));
        importLines.addAll(imports);
        String header = String.join("\n", importLines) + "\n";
        CompilationUnit testUnit = parse(header + testBody).orElse(null);
        if (testUnit == null) {
            return new Plan(header + testBody, false, "the tests do not parse", List.of(testClass + ".main"));
        }
        List<String> expected = expectedTests(testUnit, testClass);
        // A candidate class named like a JDK type the tests can see (Math, Arrays, Objects...) is never the one the
        // tests mean: it gets no stub, so on the judge's side the name is the JDK's.
        List<String> visible = visiblePackages(testUnit);
        Map<String, TypeDeclaration<?>> types = new LinkedHashMap<>();
        candidate.getTypes().stream().filter(t -> visible.stream().noneMatch(p -> jdkType(p + "." + t.getNameAsString())))
                .forEach(t -> types.put(t.getNameAsString(), t));
        Set<String> allCandidateTypes = new TreeSet<>();
        candidate.getTypes().forEach(t -> allCandidateTypes.add(t.getNameAsString()));
        Set<String> declaredByTests = new TreeSet<>();
        testUnit.findAll(TypeDeclaration.class).forEach(t -> declaredByTests.add(t.getNameAsString()));
        String why = whyNotSplit(testUnit, types, declaredByTests);
        if (why == null) {
            StringBuilder stubs = new StringBuilder();
            Map<String, String> trusted = trustedHelpers(prompt);
            for (TypeDeclaration<?> t : types.values()) {
                if (used(testUnit, t.getNameAsString()) && !declaredByTests.contains(t.getNameAsString())) {
                    stubs.append(stub((ClassOrInterfaceDeclaration) t, trusted)).append('\n');
                }
            }
            return new Plan(header + stubs + testBody, true, null, expected);
        }
        return new Plan(shadowFree(header, testUnit, testBody, allCandidateTypes, declaredByTests), false, why, expected);
    }

    private static String splitImports(String tests, List<String> imports) {
        StringBuilder rest = new StringBuilder();
        for (String line : tests.split("\n", -1)) {
            if (line.matches("^\\s*import\\s+(static\\s+)?[\\w.*]+\\s*;\\s*$")) {
                imports.add(line.strip());
            } else {
                rest.append(line).append('\n');
            }
        }
        return rest.toString();
    }

    /** The names the runner will report: the test class's public no-argument @Test methods in name order, or main. */
    private static List<String> expectedTests(CompilationUnit unit, String testClass) {
        List<String> names = new ArrayList<>();
        unit.getClassByName(testClass).ifPresent(c -> c.getMethods().forEach(m -> {
            boolean test = m.getAnnotations().stream().map(AnnotationExpr::getNameAsString)
                    .anyMatch(n -> n.equals("Test") || n.equals("org.junit.Test") || n.equals("org.junit.jupiter.api.Test"));
            if (test && m.isPublic() && m.getParameters().isEmpty() && !m.isStatic()) {
                names.add(m.getNameAsString());
            }
        }));
        if (names.isEmpty()) {
            return List.of(testClass + ".main");
        }
        return names.stream().sorted().map(n -> testClass + "." + n).toList();
    }

    /** Null when every use of a candidate type in the tests can become a call; else why not. */
    private static String whyNotSplit(CompilationUnit tests, Map<String, TypeDeclaration<?>> types, Set<String> declaredByTests) {
        for (TypeDeclaration<?> t : types.values()) {
            String name = t.getNameAsString();
            if (!used(tests, name) || declaredByTests.contains(name)) {
                continue;
            }
            if (!(t instanceof ClassOrInterfaceDeclaration c) || c.isInterface() || !c.getTypeParameters().isEmpty()
                    || !c.getExtendedTypes().isEmpty() || !c.getImplementedTypes().isEmpty()) {
                return "the tests use the candidate's type " + name + ", which is not a plain class";
            }
            for (ClassOrInterfaceType ref : tests.findAll(ClassOrInterfaceType.class, r -> r.getNameAsString().equals(name))) {
                if (!plainTypeUse(ref)) {
                    return "the tests use the candidate's class " + name + " as a value or a type argument";
                }
            }
            Set<String> staticMethods = c.getMethods().stream().filter(MethodDeclaration::isStatic)
                    .map(MethodDeclaration::getNameAsString).collect(Collectors.toSet());
            for (NameExpr ref : tests.findAll(NameExpr.class, r -> r.getNameAsString().equals(name))) {
                boolean staticCall = ref.getParentNode().filter(p -> p instanceof MethodCallExpr m
                        && m.getScope().filter(s -> s == ref).isPresent() && staticMethods.contains(m.getNameAsString())).isPresent();
                if (!staticCall) {
                    return "the tests use a member of the candidate's class " + name + " other than a static method";
                }
            }
            Set<String> called = new TreeSet<>();
            tests.findAll(MethodCallExpr.class).forEach(m -> called.add(m.getNameAsString()));
            for (MethodDeclaration m : c.getMethods()) {
                if (called.contains(m.getNameAsString()) && !m.isPrivate() && !carriable(m, types.keySet())) {
                    return "the candidate's method " + name + "." + m.getNameAsString()
                            + " has a parameter or result that is not plain data";
                }
            }
        }
        return null;
    }

    /** {@code T x = ...}, {@code new T()}: a declared variable type or a no-argument construction. */
    private static boolean plainTypeUse(ClassOrInterfaceType ref) {
        if (ref.getScope().isPresent() || ref.getTypeArguments().isPresent()) {
            return false;
        }
        Optional<Node> parent = ref.getParentNode();
        if (parent.isEmpty()) {
            return false;
        }
        if (parent.get() instanceof ObjectCreationExpr o) {
            return o.getArguments().isEmpty() && o.getAnonymousClassBody().isEmpty() && o.getScope().isEmpty();
        }
        return parent.get() instanceof VariableDeclarator;
    }

    private static boolean used(CompilationUnit tests, String name) {
        return !tests.findAll(ClassOrInterfaceType.class, r -> r.getNameAsString().equals(name)).isEmpty()
                || !tests.findAll(NameExpr.class, r -> r.getNameAsString().equals(name)).isEmpty();
    }

    private static boolean carriable(MethodDeclaration m, Set<String> candidateTypes) {
        if (!m.getTypeParameters().isEmpty()) {
            return false;
        }
        if (!(m.getType() instanceof VoidType) && !carriable(m.getType(), candidateTypes)) {
            return false;
        }
        return m.getParameters().stream().allMatch(p -> carriable(p.getType(), candidateTypes));
    }

    private static boolean carriable(Type t, Set<String> candidateTypes) {
        if (t instanceof PrimitiveType) {
            return true;
        }
        if (t instanceof ArrayType a) {
            return carriable(a.getComponentType(), candidateTypes);
        }
        if (t instanceof WildcardType w) {
            return w.getSuperType().isEmpty() && w.getExtendedType().map(e -> carriable(e, candidateTypes)).orElse(true);
        }
        if (t instanceof ClassOrInterfaceType c) {
            String name = c.getNameAsString();
            String scope = c.getScope().map(Node::toString).orElse(null);
            if (!PLAIN.contains(name) || candidateTypes.contains(name)
                    || (scope != null && !scope.equals("java.util") && !scope.equals("java.lang"))) {
                return false;
            }
            return c.getTypeArguments().map(args -> args.stream().allMatch(a -> carriable(a, candidateTypes))).orElse(true);
        }
        return false;
    }

    /**
     * The prompt's own method bodies: helpers the task defines (HumanEval/32 poly, /38 encodeCyclic) are the judge's,
     * not the candidate's, keyed by class, name and parameter types.
     */
    private static Map<String, String> trustedHelpers(String prompt) {
        Map<String, String> found = new LinkedHashMap<>();
        if (prompt == null || prompt.isBlank()) {
            return found;
        }
        for (String close : List.of("\n}\n}\n", "\n}\n", "\n")) {
            Optional<CompilationUnit> unit = parse(prompt + close);
            if (unit.isEmpty()) {
                continue;
            }
            for (TypeDeclaration<?> t : unit.get().getTypes()) {
                for (MethodDeclaration m : t.getMethods()) {
                    if (m.getBody().filter(b -> !b.getStatements().isEmpty()).isPresent()) {
                        found.put(key(t.getNameAsString(), m), m.toString());
                    }
                }
            }
            break;
        }
        return found;
    }

    private static String key(String type, MethodDeclaration m) {
        return type + "." + m.getNameAsString() + m.getParameters().stream().map(p -> p.getType().asString())
                .collect(Collectors.joining(",", "(", ")"));
    }

    /** The judge's stand-in for a candidate class: the same methods, each one a call into the candidate's process. */
    private static String stub(ClassOrInterfaceDeclaration c, Map<String, String> trusted) {
        String name = c.getNameAsString();
        StringBuilder b = new StringBuilder("class ").append(name).append(" {\n");
        Set<String> written = new TreeSet<>();
        trusted.forEach((k, text) -> {
            if (k.startsWith(name + ".")) {
                b.append(text).append('\n');
                written.add(k);
            }
        });
        for (MethodDeclaration m : c.getMethods()) {
            if (m.isPrivate() || written.contains(key(name, m)) || !carriable(m, Set.of())) {
                continue;
            }
            b.append(forwarder(name, m)).append('\n');
        }
        return b.append("}\n").toString();
    }

    private static String forwarder(String owner, MethodDeclaration m) {
        StringBuilder b = new StringBuilder("    ");
        if (m.isPublic()) {
            b.append("public ");
        } else if (m.isProtected()) {
            b.append("protected ");
        }
        if (m.isStatic()) {
            b.append("static ");
        }
        String ret = m.getType().asString();
        b.append(ret).append(' ').append(m.getNameAsString()).append('(');
        List<String> params = new ArrayList<>();
        List<String> erasures = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Parameter p : m.getParameters()) {
            String type = p.getType().asString() + (p.isVarArgs() ? "..." : "");
            params.add(type + " " + p.getNameAsString());
            erasures.add(erasure(p.getType()) + (p.isVarArgs() ? "[]" : "") + ".class");
            names.add(p.getNameAsString());
        }
        b.append(String.join(", ", params)).append(") {\n        ");
        String call = "arbiter.Calls.call(" + (m.isStatic() ? "null" : "this") + ", " + owner + ".class, \""
                + m.getNameAsString() + "\", new Class<?>[] {" + String.join(", ", erasures) + "}"
                + names.stream().map(n -> ", (Object) " + n).collect(Collectors.joining()) + ")";
        if (m.getType() instanceof VoidType) {
            b.append(call).append(";\n");
        } else {
            b.append("return (").append(ret).append(") ").append(call).append(";\n");
        }
        return b.append("    }").toString();
    }

    private static String erasure(Type t) {
        if (t instanceof ArrayType a) {
            return erasure(a.getComponentType()) + "[]";
        }
        if (t instanceof ClassOrInterfaceType c) {
            return c.getScope().map(s -> s + ".").orElse("") + c.getNameAsString();
        }
        return t.asString();
    }

    /**
     * The fallback's test unit. A candidate class named like a JDK type the tests reach through an on-demand import
     * (java.lang.*, java.util.*) would win over it in the same package; a single-type import of the JDK type wins
     * over a type of another compilation unit (JLS 6.4.1), so one is added for each such name. A candidate class named
     * like the first part of a qualified name (org, java) would obscure the package itself: refused.
     */
    private static String shadowFree(String header, CompilationUnit tests, String body, Set<String> candidateTypes,
            Set<String> declaredByTests) throws Shadowing {
        Set<String> roots = new TreeSet<>(PACKAGE_ROOTS);
        tests.findAll(com.github.javaparser.ast.expr.FieldAccessExpr.class).forEach(f -> roots.add(f.toString().split("\\.")[0]));
        tests.findAll(ClassOrInterfaceType.class).forEach(t -> roots.add(t.asString().split("\\.")[0]));
        List<String> packages = visiblePackages(tests);
        StringBuilder extra = new StringBuilder();
        for (String name : candidateTypes) {
            if (declaredByTests.contains(name)) {
                continue;
            }
            if (Character.isLowerCase(name.charAt(0)) && roots.contains(name)) {
                throw new Shadowing("the candidate's class " + name + " would hide the package " + name + " from the tests");
            }
            for (String pkg : packages) {
                if (jdkType(pkg + "." + name)) {
                    extra.append("import ").append(pkg).append('.').append(name).append(";\n");
                    break;
                }
            }
        }
        return header + extra + body;
    }

    /** java.lang and the packages the tests import on demand. */
    private static List<String> visiblePackages(CompilationUnit tests) {
        List<String> packages = new ArrayList<>(List.of("java.lang"));
        for (ImportDeclaration i : tests.getImports()) {
            if (i.isAsterisk() && !i.isStatic()) {
                packages.add(i.getNameAsString());
            }
        }
        return packages;
    }

    private static boolean jdkType(String name) {
        try {
            Class<?> c = Class.forName(name, false, ClassLoader.getPlatformClassLoader());
            return java.lang.reflect.Modifier.isPublic(c.getModifiers()) && c.getEnclosingClass() == null;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Optional<CompilationUnit> parse(String source) {
        try {
            ParseResult<CompilationUnit> r = new JavaParser(new ParserConfiguration()
                    .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)).parse(source);
            return r.isSuccessful() ? r.getResult() : Optional.empty();
        } catch (StackOverflowError e) {
            return Optional.empty();
        }
    }
}
