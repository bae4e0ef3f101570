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
 * Splits a Rust task into the judge's crate (the prompt's trusted items, stubs of the functions the tests call, the
 * tests; compiled with {@code --test}) and the candidate's crate (its code and a generated call server), with no
 * candidate text in the judge's. When a called function's signature cannot cross the boundary the run stays in one
 * crate, hardened: the tests come first (a candidate's {@code macro_rules!} is only visible after its definition),
 * std macros are called by path, and each test body must hand the supervisor's token back to count as passed.
 */
public final class RustBoundary {
    private static final Pattern SAFE_USE = Pattern.compile("(pub\\s+)?use\\s+(std|core|alloc|rand|regex|md5)\\b[\\w:{}, *\\s]*;");
    private static final Set<String> OTHER_ITEMS = Set.of("struct_item", "enum_item", "union_item", "type_item",
            "trait_item", "const_item", "static_item", "mod_item");

    private RustBoundary() {
    }

    public record Split(String judge, String candidate, Plan plan, List<String> tests) {
    }

    public static Split split(String prompt, String source, String tests, String entry) {
        Optional<Syntax> parsed = Syntax.parse("rust", source);
        if (parsed.isEmpty()) {
            return RustFallback.split(source, tests, "the candidate's code could not be parsed");
        }
        Syntax cand = parsed.get();
        Map<String, List<TSNode>> functions = new LinkedHashMap<>();
        Set<String> otherNames = new LinkedHashSet<>();
        StringBuilder uses = new StringBuilder();
        for (TSNode n : cand.topLevel()) {
            String name = cand.text(Syntax.field(n, "name"));
            if (n.getType().equals("function_item") && name != null) {
                functions.computeIfAbsent(name, k -> new ArrayList<>()).add(n);
            } else if (OTHER_ITEMS.contains(n.getType()) && name != null) {
                otherNames.add(name);
            } else if (n.getType().equals("use_declaration") && SAFE_USE.matcher(cand.text(n).strip()).matches()) {
                uses.append(cand.text(n).strip()).append('\n');
            }
        }
        Prompt p = Prompt.of(prompt, entry);
        Set<String> testNames = Syntax.identifiers(tests);
        Set<String> testDefined = new LinkedHashSet<>();
        Syntax.parse("rust", tests).ifPresent(t -> t.all(n -> n.getType().equals("function_item")
                || OTHER_ITEMS.contains(n.getType())).forEach(n -> testDefined.add(t.text(Syntax.field(n, "name")))));
        for (String name : otherNames) {
            if (testNames.contains(name) && !p.defined.contains(name) && !testDefined.contains(name)) {
                return RustFallback.split(source, tests, "the tests use " + name + ", which the candidate defines");
            }
        }
        // The functions the candidate provides: its own, and the one the prompt leaves open for it.
        Set<String> provided = new LinkedHashSet<>(functions.keySet());
        provided.addAll(p.declarations.keySet());
        provided.removeAll(p.defined);
        provided.removeAll(testDefined);
        provided.remove("main");
        List<String> called = new ArrayList<>();
        for (String f : provided) {
            if (f.equals(entry) || testNames.contains(f)) {
                called.add(f);
            }
        }
        List<RustSignature> signatures = new ArrayList<>();
        for (String f : called) {
            RustSignature.Parsed sig = p.declarations.containsKey(f) ? p.declarations.get(f)
                    : functions.getOrDefault(f, List.of()).size() == 1 ? RustSignature.of(cand, functions.get(f).get(0))
                    : new RustSignature.Parsed(null, f + " is not defined once at the top level");
            if (sig.signature() == null) {
                return RustFallback.split(source, tests, "a signature that cannot cross the boundary: " + sig.unsupported());
            }
            signatures.add(sig.signature());
        }
        String judge = p.items + (p.items.isEmpty() ? uses : "") + "\n" + RustStubs.judgeStubs(signatures) + "\n" + tests + "\n";
        String candidate = "#![no_main]\n" + source + "\n" + RustStubs.server(signatures);
        return new Split(judge, candidate, Plan.crossing(), List.of());
    }

    /** A completion prompt's trusted items (everything but the entry point) and its declared signatures. */
    record Prompt(String items, Set<String> defined, Map<String, RustSignature.Parsed> declarations) {
        static Prompt of(String prompt, String entry) {
            Prompt none = new Prompt("", Set.of(), Map.of());
            if (prompt == null || prompt.isBlank()) {
                return none;
            }
            Optional<Syntax> parsed = Syntax.parse("rust", prompt + "\n}\n");
            if (parsed.isEmpty() || parsed.get().root.hasError()) {
                return none;
            }
            Syntax s = parsed.get();
            int closing = s.src.length - 2;  // the brace appended above closes the function left open for the candidate
            StringBuilder items = new StringBuilder();
            Set<String> defined = new LinkedHashSet<>();
            Map<String, RustSignature.Parsed> declarations = new LinkedHashMap<>();
            for (TSNode n : s.topLevel()) {
                if (n.getType().endsWith("comment")) {
                    continue;
                }
                String name = s.text(Syntax.field(n, "name"));
                if (n.getType().equals("function_item") && name != null && n.getEndByte() == closing + 1) {
                    declarations.put(name, RustSignature.of(s, n));
                    continue;
                }
                if (name != null) {
                    defined.add(name);
                }
                items.append(s.text(n)).append('\n');
            }
            return new Prompt(items.toString(), defined, declarations);
        }
    }
}
