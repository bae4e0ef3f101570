package dev.arbiter.verifier.program.boundary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Rust types that cross the boundary: primitives, String and &str, the std collections, Option, Result, Box,
 * tuples, arrays and slices of those. Each is rendered twice: as declared (the judge's stub keeps the signature,
 * lifetimes included) and with every reference {@code 'static} (the candidate's server owns what it received).
 * Anything else (dyn Any, impl Trait, generics, a type of the candidate's) keeps the run in process.
 */
final class RustTypes {
    private static final Pattern TOKEN = Pattern.compile("\\s*('[A-Za-z_][A-Za-z0-9_]*|::|[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[&<>,()\\[\\];])");
    private static final Set<String> PRIMITIVES = Set.of("bool", "char", "i8", "i16", "i32", "i64", "i128", "isize",
            "u8", "u16", "u32", "u64", "u128", "usize", "f32", "f64", "String");
    private static final Map<String, Integer> GENERIC = Map.of("Vec", 1, "VecDeque", 1, "HashSet", 1, "BTreeSet", 1,
            "Option", 1, "Box", 1, "HashMap", 2, "BTreeMap", 2, "Result", 2);
    /** Where the candidate's server names each type: by path, so no import or shadowing of the candidate's matters. */
    private static final Map<String, String> STD_PATHS = Map.of("Vec", "::std::vec::Vec", "VecDeque",
            "::std::collections::VecDeque", "HashSet", "::std::collections::HashSet", "BTreeSet",
            "::std::collections::BTreeSet", "Option", "::std::option::Option", "Box", "::std::boxed::Box", "HashMap",
            "::std::collections::HashMap", "BTreeMap", "::std::collections::BTreeMap", "Result", "::std::result::Result");
    private static final Set<String> PATH_PREFIXES = Set.of("std", "core", "alloc", "collections", "string", "vec",
            "option", "result", "boxed");

    /** A type as declared and as the candidate's server holds it; {@code unsized} for str and [T]. */
    record Rendered(String judge, String candidate, boolean unsized) {
    }

    private final List<String> tokens;
    private int at;

    private RustTypes(List<String> tokens) {
        this.tokens = tokens;
    }

    /** The type, or null when it cannot cross the boundary. */
    static Rendered parse(String type) {
        if (type == null) {
            return null;
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(type);
        int end = 0;
        while (m.lookingAt()) {
            tokens.add(m.group(1));
            end = m.end();
            m.region(end, type.length());
        }
        if (!type.substring(end).isBlank()) {
            return null;
        }
        RustTypes p = new RustTypes(tokens);
        Rendered r = p.type(true);
        return r != null && !r.unsized() && p.at == tokens.size() ? r : null;
    }

    private String peek() {
        return at < tokens.size() ? tokens.get(at) : "";
    }

    private boolean eat(String t) {
        if (peek().equals(t)) {
            at++;
            return true;
        }
        return false;
    }

    private Rendered type(boolean top) {
        if (eat("&")) {
            String lifetime = peek().startsWith("'") ? tokens.get(at++) : null;
            boolean mut = eat("mut");
            if (mut && !top) {
                return null;
            }
            Rendered inner = type(false);
            if (inner == null) {
                return null;
            }
            String mutText = mut ? "mut " : "";
            return new Rendered("&" + (lifetime == null ? "" : lifetime + " ") + mutText + inner.judge(),
                    "&'static " + mutText + inner.candidate(), false);
        }
        if (eat("(")) {
            List<Rendered> items = new ArrayList<>();
            while (!eat(")")) {
                Rendered item = type(false);
                if (item == null || item.unsized() || !(eat(",") || peek().equals(")"))) {
                    return null;
                }
                items.add(item);
            }
            String comma = items.size() == 1 ? "," : "";
            return new Rendered("(" + join(items, true) + comma + ")", "(" + join(items, false) + comma + ")", false);
        }
        if (eat("[")) {
            Rendered item = type(false);
            if (item == null || item.unsized()) {
                return null;
            }
            if (eat("]")) {
                return new Rendered("[" + item.judge() + "]", "[" + item.candidate() + "]", true);
            }
            if (!eat(";") || !peek().matches("[0-9]+")) {
                return null;
            }
            String n = tokens.get(at++);
            return eat("]") ? new Rendered("[" + item.judge() + "; " + n + "]", "[" + item.candidate() + "; " + n + "]", false) : null;
        }
        String name = path();
        if (name == null) {
            return null;
        }
        if (name.equals("str")) {
            return new Rendered("str", "str", true);
        }
        if (PRIMITIVES.contains(name)) {
            return new Rendered(name, name.equals("String") ? "::std::string::String" : name, false);
        }
        Integer arity = GENERIC.get(name);
        if (arity == null || !eat("<")) {
            return null;
        }
        List<Rendered> args = new ArrayList<>();
        do {
            Rendered arg = type(false);
            if (arg == null || (arg.unsized() && !name.equals("Box"))) {
                return null;
            }
            args.add(arg);
        } while (eat(","));
        if (!eat(">") || args.size() != arity || (name.equals("Box") && args.get(0).unsized())) {
            return null;
        }
        return new Rendered(name + "<" + join(args, true) + ">", STD_PATHS.get(name) + "<" + join(args, false) + ">", false);
    }

    /** The last segment of a std path ({@code std::collections::HashMap}); any other path is not ours. */
    private String path() {
        eat("::");
        String name = peek();
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return null;
        }
        at++;
        while (eat("::")) {
            if (!PATH_PREFIXES.contains(name)) {
                return null;
            }
            name = peek();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                return null;
            }
            at++;
        }
        return name;
    }

    private static String join(List<Rendered> items, boolean judge) {
        return String.join(", ", items.stream().map(r -> judge ? r.judge() : r.candidate()).toList());
    }
}
