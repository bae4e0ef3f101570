package dev.arbiter.verifier.program.boundary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.treesitter.TSNode;

/**
 * Splits a C++ task into the judge's translation unit (the prompt's trusted parts, stubs of the functions the tests
 * call, the tests) and the candidate's (its code and a generated call server), with no candidate text in the
 * judge's. Where a function the tests call has a signature that cannot cross the boundary, the run stays in one
 * process, still in separate translation units; only tests that use the candidate's own types share its unit.
 */
public final class CppBoundary {
    static final Pattern SAFE_INCLUDE = Pattern.compile("#\\s*include\\s*<[A-Za-z0-9_][A-Za-z0-9_./+-]*>");
    private static final Set<String> DEFINITIONS = Set.of("struct_specifier", "class_specifier", "union_specifier",
            "enum_specifier");

    private CppBoundary() {
    }

    /** What the job compiles: the judge's unit, the candidate's, and how the run is judged. */
    public record Split(String judge, String candidate, Plan plan) {
    }

    /** @param tests the tests with their main already ending in {@code return 0;} */
    public static Split split(String prompt, String source, String tests, String entry) {
        Optional<Syntax> parsed = Syntax.parse("cpp", source);
        if (parsed.isEmpty()) {
            return sameUnit(source, tests, "the candidate's code could not be parsed", Set.of());
        }
        Syntax cand = parsed.get();
        Set<String> macros = macros(cand);
        Map<String, List<TSNode>> functions = new LinkedHashMap<>();
        Set<String> otherNames = new LinkedHashSet<>();
        for (TSNode n : cand.topLevel()) {
            if (n.getType().equals("function_definition")) {
                String name = functionName(cand, n);
                if (name != null) {
                    functions.computeIfAbsent(name, k -> new ArrayList<>()).add(n);
                }
            } else if (n.getType().equals("template_declaration")) {
                cand.within(n, c -> c.getType().equals("function_definition")).forEach(f -> otherNames.add(functionName(cand, f)));
            }
        }
        for (TSNode d : cand.all(n -> DEFINITIONS.contains(n.getType()) && Syntax.field(n, "body") != null)) {
            otherNames.add(cand.text(Syntax.field(d, "name")));
        }
        cand.all(n -> n.getType().equals("type_definition") || n.getType().equals("alias_declaration"))
                .forEach(n -> otherNames.addAll(Syntax.identifiers(cand.text(Syntax.field(n,
                        n.getType().equals("type_definition") ? "declarator" : "name")))));
        otherNames.remove(null);
        PromptParts promptParts = PromptParts.of(prompt, entry);
        Set<String> testNames = Syntax.identifiers(tests);
        Set<String> testDefined = Syntax.parse("cpp", tests).map(CppBoundary::definedFunctions).orElse(Set.of());
        for (String name : otherNames) {
            if (testNames.contains(name) && !promptParts.helpers.contains(name) && !testDefined.contains(name)) {
                return sameUnit(source, tests, "the tests use " + name + ", which the candidate defines", macros);
            }
        }
        // The functions the candidate provides: its own, and the one the prompt leaves open for it.
        Set<String> provided = new LinkedHashSet<>(functions.keySet());
        provided.addAll(promptParts.declarations.keySet());
        provided.removeAll(promptParts.helpers);
        provided.removeAll(testDefined);
        provided.remove("main");
        List<String> called = new ArrayList<>();
        for (String f : provided) {
            if (f.equals(entry) || testNames.contains(f)) {
                called.add(f);
            }
        }
        List<CppSignature> signatures = new ArrayList<>();
        String unsupported = null;
        for (String f : called) {
            CppSignature.Parsed p;
            if (promptParts.declarations.containsKey(f)) {
                p = promptParts.declarations.get(f);
            } else if (functions.getOrDefault(f, List.of()).size() == 1) {
                p = CppSignature.of(cand, functions.get(f).get(0));
            } else {
                p = new CppSignature.Parsed(null, f + (functions.containsKey(f) ? " is overloaded" : " is not defined"));
            }
            if (p.signature() == null) {
                unsupported = unsupported == null ? p.unsupported() : unsupported;
            } else {
                signatures.add(p.signature());
            }
        }
        String includes = includes(cand, promptParts);
        if (unsupported != null) {
            return separateUnits(source, tests, includes, promptParts, called, cand, functions,
                    "a signature that cannot cross the boundary: " + unsupported);
        }
        return new Split(CppStubs.judge(includes, promptParts.items, signatures, tests),
                CppStubs.candidate(source, macros, signatures), Plan.crossing());
    }

    /** The prompt's includes and using-directives, and the candidate's system includes the prompt lacks. */
    private static String includes(Syntax cand, PromptParts prompt) {
        StringBuilder out = new StringBuilder(prompt.header);
        Set<String> seen = new LinkedHashSet<>(prompt.header.lines().map(l -> l.replaceAll("\\s", "")).toList());
        boolean usingStd = prompt.header.contains("using namespace std");
        for (TSNode n : cand.topLevel()) {
            String text = cand.text(n).strip();
            if (n.getType().equals("preproc_include") && SAFE_INCLUDE.matcher(text).matches()
                    && seen.add(text.replaceAll("\\s", ""))) {
                out.append(text).append('\n');
            } else if (n.getType().equals("using_declaration") && text.matches("using\\s+namespace\\s+std\\s*;") && !usingStd) {
                out.append("using namespace std;\n");
                usingStd = true;
            }
        }
        return out.toString();
    }

    /** In process, the tests in their own unit: the prompt's parts plus each called function's declaration. */
    private static Split separateUnits(String source, String tests, String includes, PromptParts prompt,
            List<String> called, Syntax cand, Map<String, List<TSNode>> functions, String why) {
        StringBuilder unit = new StringBuilder(includes).append(prompt.items).append('\n');
        for (String f : called) {
            String declaration = prompt.rawDeclarations.get(f);
            if (declaration == null && functions.getOrDefault(f, List.of()).size() == 1) {
                TSNode def = functions.get(f).get(0);
                declaration = cand.text(Syntax.field(def, "type")) + " " + cand.text(Syntax.field(def, "declarator"));
            }
            if (declaration == null || declaration.contains("#")) {
                return sameUnit(source, tests, why, macros(cand));
            }
            unit.append(declaration.replaceAll("\\s+", " ")).append(";\n");
        }
        unit.append("\n#define main arbiter_tests_main\n").append(tests).append("\n#undef main\n");
        return new Split(unit.toString(), "#define main arbiter_candidate_main\n" + source + "\n#undef main\n",
                Plan.inProcess(why));
    }

    /** Last resort: the tests after the candidate in one unit, every macro the candidate defined undefined first. */
    private static Split sameUnit(String source, String tests, String why, Set<String> macros) {
        StringBuilder unit = new StringBuilder("#define main arbiter_candidate_main\n").append(source).append("\n#undef main\n");
        macros.forEach(m -> unit.append("#undef ").append(m).append('\n'));
        unit.append("#define main arbiter_tests_main\n").append(tests).append("\n#undef main\n");
        return new Split("", unit.toString(), Plan.inProcess(why + "; the tests share the candidate's translation unit"));
    }

    static Set<String> macros(Syntax s) {
        Set<String> names = new LinkedHashSet<>();
        s.all(n -> n.getType().equals("preproc_def") || n.getType().equals("preproc_function_def"))
                .forEach(n -> names.add(s.text(Syntax.field(n, "name"))));
        names.remove(null);
        return names;
    }

    static String functionName(Syntax s, TSNode function) {
        TSNode d = Syntax.field(function, "declarator");
        for (int hops = 0; d != null && hops < 8; hops++) {
            if (d.getType().equals("function_declarator")) {
                TSNode name = Syntax.field(d, "declarator");
                return name == null ? null : s.text(name);
            }
            d = Syntax.field(d, "declarator");
        }
        return null;
    }

    private static Set<String> definedFunctions(Syntax s) {
        Set<String> names = new LinkedHashSet<>();
        for (TSNode n : s.topLevel()) {
            if (n.getType().equals("function_definition")) {
                names.add(functionName(s, n));
            }
        }
        names.remove(null);
        return names;
    }

    /**
     * The trusted parts of a completion prompt: its header (includes, using), its other items (helper functions
     * with a body, types) and the declared signatures. A prompt that is not clean C++ (prose) contributes nothing.
     */
    record PromptParts(String header, String items, Set<String> helpers, Map<String, CppSignature.Parsed> declarations,
            Map<String, String> rawDeclarations) {

        static PromptParts of(String prompt, String entry) {
            PromptParts none = new PromptParts("", "", Set.of(), Map.of(), Map.of());
            if (prompt == null || prompt.isBlank()) {
                return none;
            }
            Optional<Syntax> parsed = Syntax.parse("cpp", prompt + "\n}\n");
            if (parsed.isEmpty() || parsed.get().root.hasError()) {
                return none;
            }
            Syntax s = parsed.get();
            int closing = s.src.length - 2;  // the brace appended above closes the function left open for the candidate
            StringBuilder header = new StringBuilder();
            StringBuilder items = new StringBuilder();
            Set<String> helpers = new LinkedHashSet<>();
            Map<String, CppSignature.Parsed> declarations = new LinkedHashMap<>();
            Map<String, String> raw = new LinkedHashMap<>();
            for (TSNode n : s.topLevel()) {
                String type = n.getType();
                String text = s.text(n);
                if (type.equals("comment")) {
                    continue;
                }
                if (type.startsWith("preproc_") || type.equals("using_declaration")) {
                    header.append(text.strip()).append('\n');
                    continue;
                }
                String name = type.equals("function_definition") || type.equals("declaration") ? functionName(s, n) : null;
                if (name != null) {
                    declarations.put(name, CppSignature.of(s, n));
                    raw.put(name, s.text(Syntax.field(n, "type")) + " " + s.text(Syntax.field(n, "declarator")));
                }
                boolean open = type.equals("function_definition") && n.getEndByte() == closing + 1;
                if (name != null && (open || (name.equals(entry) && type.equals("function_definition")))) {
                    continue;
                }
                if (name != null && type.equals("function_definition")) {
                    helpers.add(name);
                }
                items.append(text).append('\n');
            }
            return new PromptParts(header.toString(), items.toString(), helpers, declarations, raw);
        }
    }
}
