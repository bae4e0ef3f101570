package dev.arbiter.verifier.program.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.treesitter.TSNode;

/**
 * The in-process Rust run, hardened: one crate with the tests BEFORE the candidate's code (a {@code macro_rules!}
 * is visible only after its definition), the tests' std macros called by path ({@code ::std::assert_eq!}, which no
 * {@code #[macro_export]} or glob import can shadow), and every test body wrapped so that it hands the supervisor's
 * token back only when it returned (or, for {@code #[should_panic]}, unwound): an early {@code exit(0)} never does.
 */
final class RustFallback {
    private static final Set<String> STD_MACROS = Set.of("assert", "assert_eq", "assert_ne", "debug_assert",
            "debug_assert_eq", "debug_assert_ne", "panic", "vec", "format", "print", "println", "eprint", "eprintln",
            "write", "writeln", "matches", "unreachable", "todo", "unimplemented", "concat", "stringify");

    private RustFallback() {
    }

    static RustBoundary.Split split(String source, String tests, String why) {
        String qualified = Syntax.parse("rust", tests).map(RustFallback::qualifyStdMacros).orElse(tests);
        List<String> names = new ArrayList<>();
        String guarded = Syntax.parse("rust", qualified).map(s -> guard(s, names)).orElse(qualified);
        return new RustBoundary.Split("", guarded + "\n" + source + "\n", Plan.inProcess(why), List.copyOf(names));
    }

    private static String qualifyStdMacros(Syntax s) {
        List<Syntax.Edit> edits = new ArrayList<>();
        for (TSNode m : s.all(n -> n.getType().equals("macro_invocation"))) {
            TSNode name = Syntax.field(m, "macro");
            if (name != null && name.getType().equals("identifier") && STD_MACROS.contains(s.text(name))) {
                edits.add(new Syntax.Edit(name.getStartByte(), name.getStartByte(), "::std::"));
            }
        }
        return s.apply(edits);
    }

    /** Wraps each #[test] body and collects the tests' libtest names (module path :: function). */
    private static String guard(Syntax s, List<String> names) {
        List<Syntax.Edit> edits = new ArrayList<>();
        for (TSNode f : s.all(n -> n.getType().equals("function_item"))) {
            boolean test = false;
            boolean shouldPanic = false;
            for (TSNode a = f.getPrevNamedSibling(); a != null && !a.isNull()
                    && (a.getType().equals("attribute_item") || a.getType().endsWith("comment")); a = a.getPrevNamedSibling()) {
                String text = s.text(a).replaceAll("\\s", "");
                test |= text.equals("#[test]");
                shouldPanic |= text.startsWith("#[should_panic");
            }
            TSNode body = Syntax.field(f, "body");
            if (!test || body == null) {
                continue;
            }
            names.add(path(s, f));
            edits.add(new Syntax.Edit(body.getStartByte(), body.getEndByte(), "{\n    let __arbiter_guard = ::arbiter_wire::TestGuard::new("
                    + shouldPanic + ");\n    #[allow(unused_mut)]\n    let __arbiter_result = (|| " + s.text(body)
                    + ")();\n    __arbiter_guard.finish();\n    __arbiter_result\n}"));
        }
        return s.apply(edits);
    }

    private static String path(Syntax s, TSNode f) {
        StringBuilder p = new StringBuilder(s.text(Syntax.field(f, "name")));
        for (TSNode n = f.getParent(); n != null && !n.isNull(); n = n.getParent()) {
            if (n.getType().equals("mod_item")) {
                p.insert(0, s.text(Syntax.field(n, "name")) + "::");
            }
        }
        return p.toString();
    }

}
